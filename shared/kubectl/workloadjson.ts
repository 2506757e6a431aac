import type { Lease, Namespace } from "../sim/model/cluster.ts";
import type { Endpoints, Service } from "../sim/model/service.ts";
import type { Deployment, PodTemplate, ReplicaSet } from "../sim/model/workload.ts";
import { rfc3339Micro } from "../time/format.ts";
import type { AggregatedEvent } from "./events.ts";
import { compact, conditionJson, eventJson, type Json, metadataJson, podSpecJson } from "./json.ts";

/**
 * The rest of the API objects as `kubectl get -o json|yaml` shows them: Deployments, ReplicaSets,
 * Services, Endpoints, Namespaces, Leases and (folded) Events. Integer status fields the API marks
 * omitempty are left out when zero, as the API server serialises them.
 */
const nonZero = (n: number) => (n === 0 ? undefined : n);

export function templateJson(template: PodTemplate): Json {
  return {
    metadata: compact({
      creationTimestamp: null,
      labels: template.metadata.labels,
      annotations: template.metadata.annotations,
    }),
    spec: podSpecJson(template.spec, false),
  };
}

export function deploymentJson(d: Deployment): Json {
  const s = d.status;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: metadataJson(d.metadata),
    spec: compact({
      minReadySeconds: nonZero(d.spec.minReadySeconds),
      paused: d.spec.paused || undefined,
      progressDeadlineSeconds: d.spec.progressDeadlineSeconds,
      replicas: d.spec.replicas,
      revisionHistoryLimit: d.spec.revisionHistoryLimit,
      selector: d.spec.selector,
      strategy:
        d.spec.strategy.type === "RollingUpdate"
          ? {
              rollingUpdate: d.spec.strategy.rollingUpdate ?? { maxSurge: "25%", maxUnavailable: "25%" },
              type: "RollingUpdate",
            }
          : { type: "Recreate" },
      template: templateJson(d.spec.template),
    }),
    status: compact({
      availableReplicas: nonZero(s.availableReplicas),
      conditions: s.conditions.length ? s.conditions.map(conditionJson) : undefined,
      observedGeneration: nonZero(s.observedGeneration),
      readyReplicas: nonZero(s.readyReplicas),
      replicas: nonZero(s.replicas),
      unavailableReplicas: nonZero(s.unavailableReplicas),
      updatedReplicas: nonZero(s.updatedReplicas),
    }),
  };
}

export function replicaSetJson(rs: ReplicaSet): Json {
  const s = rs.status;
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: metadataJson(rs.metadata),
    spec: compact({
      minReadySeconds: nonZero(rs.spec.minReadySeconds),
      replicas: rs.spec.replicas,
      selector: rs.spec.selector,
      template: templateJson(rs.spec.template),
    }),
    status: compact({
      availableReplicas: nonZero(s.availableReplicas),
      fullyLabeledReplicas: nonZero(s.fullyLabeledReplicas),
      observedGeneration: nonZero(s.observedGeneration),
      readyReplicas: nonZero(s.readyReplicas),
      replicas: s.replicas,
    }),
  };
}

export function serviceJson(svc: Service): Json {
  const spec = svc.spec;
  const headless = spec.clusterIP === "None";
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: metadataJson(svc.metadata),
    spec: compact({
      clusterIP: spec.clusterIP,
      clusterIPs: spec.clusterIP ? [spec.clusterIP] : undefined,
      externalTrafficPolicy: spec.type === "NodePort" || spec.type === "LoadBalancer" ? "Cluster" : undefined,
      internalTrafficPolicy: "Cluster",
      ipFamilies: headless ? undefined : ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      ports: spec.ports.map((p) => compact({ ...p })),
      selector: spec.selector,
      sessionAffinity: spec.sessionAffinity,
      type: spec.type,
    }),
    status: {
      loadBalancer: svc.status?.loadBalancer.ingress?.length
        ? { ingress: svc.status.loadBalancer.ingress }
        : {},
    },
  };
}

export function endpointsJson(ep: Endpoints): Json {
  return compact({
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: metadataJson(ep.metadata),
    subsets: ep.subsets.length
      ? ep.subsets.map((s) =>
          compact({
            addresses: s.addresses.length ? s.addresses.map((a) => compact({ ...a })) : undefined,
            notReadyAddresses: s.notReadyAddresses.length
              ? s.notReadyAddresses.map((a) => compact({ ...a }))
              : undefined,
            ports: s.ports.map((p) => compact({ ...p })),
          }),
        )
      : undefined,
  });
}

export function namespaceJson(ns: Namespace): Json {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: metadataJson(ns.metadata),
    spec: { finalizers: ["kubernetes"] },
    status: { phase: ns.status.phase },
  };
}

export function leaseJson(lease: Lease): Json {
  const s = lease.spec;
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: metadataJson(lease.metadata),
    spec: compact({
      acquireTime: rfc3339Micro(s.acquireTime),
      holderIdentity: s.holderIdentity,
      leaseDurationSeconds: s.leaseDurationSeconds,
      leaseTransitions: nonZero(s.leaseTransitions),
      renewTime: rfc3339Micro(s.renewTime),
    }),
  };
}

/** An Event as kubectl's JSON and YAML print it. */
export function aggregatedEventJson(e: AggregatedEvent): Json {
  return eventJson(e.event);
}
