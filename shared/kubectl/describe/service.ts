import type { Namespace } from "../../sim/model/cluster.ts";
import type { Endpoints, Service } from "../../sim/model/service.ts";
import type { ClusterState } from "../../sim/model/state.ts";
import { eventsFor } from "../events.ts";
import { formatLabels } from "../format.ts";
import { formatEndpoints } from "../serviceprinters.ts";
import { describeEvents, describeWriter, printAnnotationsMultiline, printLabelsMultiline } from "./writer.ts";

/** `kubectl describe service`, `endpoints` and `namespace`. */
export function describeService(svc: Service, state: ClusterState, showEvents = true): string {
  const w = describeWriter();
  const m = svc.metadata;
  const spec = svc.spec;
  const ep = state.endpoints[`${m.namespace}/${m.name}`];
  w.write(0, `Name:\t${m.name}\n`);
  w.write(0, `Namespace:\t${m.namespace}\n`);
  printLabelsMultiline(w, "Labels", m.labels);
  printAnnotationsMultiline(w, "Annotations", m.annotations);
  w.write(0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(0, `Type:\t${spec.type}\n`);
  w.write(0, "IP Family Policy:\tSingleStack\n");
  w.write(0, "IP Families:\tIPv4\n");
  w.write(0, `IP:\t${spec.clusterIP}\n`);
  w.write(0, `IPs:\t${spec.clusterIP || "<none>"}\n`);
  const ingress = svc.status?.loadBalancer.ingress ?? [];
  if (ingress.length)
    w.write(0, `LoadBalancer Ingress:\t${ingress.map((i) => i.ip ?? i.hostname ?? "").join(", ")}\n`);
  for (const p of spec.ports) {
    const name = p.name || "<unset>";
    w.write(0, `Port:\t${name}\t${p.port}/${p.protocol}\n`);
    w.write(0, `TargetPort:\t${p.targetPort}/${p.protocol}\n`);
    if (p.nodePort) w.write(0, `NodePort:\t${name}\t${p.nodePort}/${p.protocol}\n`);
    w.write(0, `Endpoints:\t${formatEndpoints(ep, p.name ?? "")}\n`);
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity}\n`);
  if (spec.type === "NodePort" || spec.type === "LoadBalancer")
    w.write(0, "External Traffic Policy:\tCluster\n");
  w.write(0, "Internal Traffic Policy:\tCluster\n");
  if (showEvents)
    describeEvents(
      w,
      eventsFor(state.events, { kind: "Service", name: m.name, namespace: m.namespace, uid: m.uid }),
      state.now,
    );
  return w.text();
}

export function describeEndpoints(ep: Endpoints, state: ClusterState, showEvents = true): string {
  const w = describeWriter();
  const m = ep.metadata;
  w.write(0, `Name:\t${m.name}\n`);
  w.write(0, `Namespace:\t${m.namespace}\n`);
  printLabelsMultiline(w, "Labels", m.labels);
  printAnnotationsMultiline(w, "Annotations", m.annotations);
  w.write(0, "Subsets:\n");
  for (const s of ep.subsets) {
    w.write(1, `Addresses:\t${s.addresses.map((a) => a.ip).join(",") || "<none>"}\n`);
    w.write(1, `NotReadyAddresses:\t${s.notReadyAddresses.map((a) => a.ip).join(",") || "<none>"}\n`);
    if (s.ports.length > 0) {
      w.write(1, "Ports:\n");
      w.write(2, "Name\tPort\tProtocol\n");
      w.write(2, "----\t----\t--------\n");
      for (const p of s.ports) w.write(2, `${p.name || "<unset>"}\t${p.port}\t${p.protocol}\n`);
    }
    w.write(0, "\n");
  }
  if (showEvents)
    describeEvents(
      w,
      eventsFor(state.events, { kind: "Endpoints", name: m.name, namespace: m.namespace, uid: m.uid }),
      state.now,
    );
  return w.text();
}

export function describeNamespace(ns: Namespace): string {
  const w = describeWriter();
  w.write(0, `Name:\t${ns.metadata.name}\n`);
  printLabelsMultiline(w, "Labels", ns.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", ns.metadata.annotations);
  w.write(0, `Status:\t${ns.status.phase}\n`);
  w.write(0, "\nNo resource quota.\n");
  w.write(0, "\nNo LimitRange resource.\n");
  return w.text();
}
