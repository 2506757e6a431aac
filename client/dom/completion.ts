import type { KubeReader } from "../../shared/kubectl/client.ts";
import { complete } from "../../shared/kubectl/complete.ts";
import { SYSTEM_NAMESPACES } from "../../shared/sim/engine/spec.ts";
import type { ClusterView } from "../state/view.ts";

/**
 * Tab completion in the browser: shared/kubectl's `complete` reads an engine's state; here it reads
 * a stand-in built from the synced state (names, namespaces, the containers of pods and of pod
 * templates: all completion looks at). Loaded on the first Tab, so the console costs nothing until then.
 */
function meta(name: string, namespace?: string) {
  return { name, ...(namespace ? { namespace } : {}), labels: {}, creationTimestamp: 0 };
}

export function completionFor(view: ClusterView, line: string): string[] {
  const namespaces: Record<string, unknown> = {};
  for (const ns of SYSTEM_NAMESPACES) namespaces[ns] = { metadata: meta(ns) };
  const nodes: Record<string, unknown> = {};
  view.nodes.forEach((n) => {
    nodes[n.name] = { metadata: meta(n.name) };
  });
  const pods: Record<string, unknown> = {};
  view.pods.forEach((p) => {
    namespaces[p.namespace] ??= { metadata: meta(p.namespace) };
    const containers: { name: string }[] = [];
    p.containers.forEach((c) => {
      containers.push({ name: c.name });
    });
    pods[p.key] = { metadata: meta(p.name, p.namespace), spec: { containers } };
  });
  // each workload kind in its own table, as the API server keeps them
  const tables: Record<string, Record<string, unknown>> = {
    Deployment: {},
    ReplicaSet: {},
    StatefulSet: {},
    DaemonSet: {},
    Job: {},
    CronJob: {},
  };
  view.workloads.forEach((w) => {
    const target = tables[w.kind];
    if (!target) return;
    const containers: { name: string; image: string }[] = [];
    w.containers?.forEach((c) => {
      containers.push({ name: c.name, image: c.image });
    });
    target[`${w.namespace}/${w.name}`] = {
      metadata: meta(w.name, w.namespace),
      spec: { template: { spec: { containers } } },
    };
  });
  const named = (
    map: { forEach(f: (x: { name: string; namespace: string }, key: string) => void): void } | undefined,
  ) => {
    const out: Record<string, unknown> = {};
    map?.forEach((x, key) => {
      out[key] = { metadata: meta(x.name, x.namespace) };
    });
    return out;
  };
  const services: Record<string, unknown> = {};
  view.services.forEach((s) => {
    services[s.key] = { metadata: meta(s.name, s.namespace) };
  });
  const state = {
    namespaces,
    nodes,
    pods,
    deployments: tables.Deployment,
    replicasets: tables.ReplicaSet,
    statefulsets: tables.StatefulSet,
    daemonsets: tables.DaemonSet,
    jobs: tables.Job,
    cronjobs: tables.CronJob,
    horizontalpodautoscalers: named(view.horizontalPodAutoscalers),
    poddisruptionbudgets: named(view.podDisruptionBudgets),
    services,
    endpoints: {},
    leases: {},
    events: [],
  };
  // only the fields completion reads: names and namespaces, containers for `-c` and `set image`
  return complete({ state: state as unknown as KubeReader["state"] }, line);
}
