import type { Engine } from "../engine/Engine.ts";
import { setMatches } from "../labels/selector.ts";
import { objectKey } from "../model/meta.ts";
import type { Pod } from "../model/pod.ts";
import type { EndpointAddress, Endpoints, Service } from "../model/service.ts";
import { isReady } from "./pods.ts";

/**
 * The Endpoints controller: a Service's endpoints are the pods its selector matches that have an IP;
 * Ready ones serve (`addresses`), the others wait (`notReadyAddresses`). Terminating pods leave.
 * It writes Endpoints and nothing else: each node's kube-proxy watches them (proxy/informer.ts).
 */
export function syncEndpoints(engine: Engine, service: Service): void {
  const selector = service.spec.selector;
  if (!selector || Object.keys(selector).length === 0) return;
  const namespace = service.metadata.namespace;
  const key = objectKey(namespace, service.metadata.name);
  const addresses: EndpointAddress[] = [];
  const notReady: EndpointAddress[] = [];
  const pods: Pod[] = [];
  for (const pod of Object.values(engine.state.pods)) {
    if (
      pod.metadata.namespace !== namespace ||
      !pod.status.podIP ||
      pod.metadata.deletionTimestamp !== undefined
    )
      continue;
    if (pod.status.phase === "Succeeded" || pod.status.phase === "Failed") continue;
    if (setMatches(selector, pod.metadata.labels)) pods.push(pod);
  }
  pods.sort((a, b) => ((a.status.podIP ?? "") < (b.status.podIP ?? "") ? -1 : 1));
  for (const pod of pods) {
    const address: EndpointAddress = {
      ip: pod.status.podIP as string,
      ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: "Pod", name: pod.metadata.name, namespace, uid: pod.metadata.uid },
    };
    (isReady(pod) ? addresses : notReady).push(address);
  }
  const ports = service.spec.ports.map((p) => ({
    ...(p.name ? { name: p.name } : {}),
    port: resolveTargetPort(p.targetPort, pods[0]),
    protocol: p.protocol,
  }));
  const subsets =
    addresses.length + notReady.length > 0 ? [{ addresses, notReadyAddresses: notReady, ports }] : [];
  const existing = engine.state.endpoints[key];
  if (existing && JSON.stringify(existing.subsets) === JSON.stringify(subsets)) return;
  const endpoints: Endpoints = existing ?? {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: {
      name: service.metadata.name,
      namespace,
      uid: engine.uid(),
      labels: { ...service.metadata.labels },
      annotations: {},
      creationTimestamp: engine.now,
      resourceVersion: 0,
    },
    subsets: [],
  };
  endpoints.subsets = subsets;
  engine.state.endpoints[key] = endpoints;
  engine.written("Endpoints", key, endpoints);
}

function resolveTargetPort(target: number | string, pod: Pod | undefined): number {
  if (typeof target === "number") return target;
  for (const c of pod?.spec.containers ?? []) {
    const port = c.ports?.find((p) => p.name === target);
    if (port) return port.containerPort;
  }
  return 0;
}
