import { loadScenario, type Scenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import type { ClusterEvent } from "../../shared/sim/model/event.ts";
import type { ContainerStatus, Pod } from "../../shared/sim/model/pod.ts";

/** Test helpers: build an engine from scenario YAML, read pods and events, run until something holds. */
export function scenarioFromYaml(text: string, file = "test.yaml"): Scenario {
  const result = loadScenario([{ file, text }]);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
  return result.scenario;
}

/** Every report each engine made, one entry per occurrence (the state keeps one Event per series). */
const reports = new WeakMap<Engine, ClusterEvent[]>();

export function engineFromYaml(text: string, seed?: number): Engine {
  const engine = createEngine(scenarioFromYaml(text), seed === undefined ? {} : { seed });
  const list = [...engine.state.events];
  reports.set(engine, list);
  engine.onEvent = (event) => list.push(event);
  return engine;
}

export function podOf(engine: Engine, name: string, namespace = "default"): Pod {
  const pod = engine.state.pods[`${namespace}/${name}`];
  if (!pod) throw new Error(`pod ${namespace}/${name} not found`);
  return pod;
}

export function containerOf(engine: Engine, pod: string, container?: string): ContainerStatus {
  const statuses = podOf(engine, pod).status.containerStatuses;
  const status = container ? statuses.find((s) => s.name === container) : statuses[0];
  if (!status) throw new Error(`no status for ${pod}/${container ?? "first container"}`);
  return status;
}

export function waitingReason(engine: Engine, pod: string, container?: string): string | undefined {
  const statuses = podOf(engine, pod).status.containerStatuses;
  const state = (container ? statuses.find((s) => s.name === container) : statuses[0])?.state;
  return state && "waiting" in state ? state.waiting.reason : undefined;
}

/** The reports about an object, one per occurrence (an engine not made here: its stored series). */
export function eventsOf(engine: Engine, name: string): ClusterEvent[] {
  return (reports.get(engine) ?? engine.state.events).filter((e) => e.involvedObject.name === name);
}

export function reasonsOf(engine: Engine, name: string): string[] {
  return eventsOf(engine, name).map((e) => e.reason);
}

/** Ticks until `done` holds; returns the simulated ms it took. Throws after `limitMs`. */
export function runUntil(engine: Engine, done: () => boolean, limitMs = 600_000): number {
  const start = engine.now;
  while (!done()) {
    if (engine.now - start > limitMs) throw new Error(`condition not met within ${limitMs} ms`);
    engine.tick();
  }
  return engine.now - start;
}

/** Seconds since the scenario start. */
export function elapsed(engine: Engine): number {
  return (engine.now - engine.state.startTime) / 1000;
}

export function podYaml(
  name: string,
  container: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: { containers: [{ name: "main", ...container }], ...extra },
  });
}

/** A node manifest: 4 CPU / 8Gi by default. */
export function nodeYaml(
  name: string,
  extra: {
    cpu?: string;
    memory?: string;
    labels?: Record<string, string>;
    spec?: Record<string, unknown>;
    annotations?: Record<string, string>;
  } = {},
): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: extra.labels ?? {}, annotations: extra.annotations ?? {} },
    spec: extra.spec ?? {},
    status: { capacity: { cpu: extra.cpu ?? "4", memory: extra.memory ?? "8Gi", pods: "110" } },
  });
}

export function docs(...documents: string[]): string {
  return documents.join("\n---\n");
}

/** One 4 CPU / 8Gi worker called worker-1, and these objects. */
export function oneNode(...objects: string[]): string {
  return docs(nodeYaml("worker-1"), ...objects);
}

export function deploymentYaml(
  name: string,
  replicas: number,
  image: string,
  extra: {
    strategy?: Record<string, unknown>;
    resources?: Record<string, unknown>;
    labels?: Record<string, string>;
  } = {},
): string {
  const labels = extra.labels ?? { app: name };
  return JSON.stringify({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      ...(extra.strategy ? { strategy: extra.strategy } : {}),
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: "app", image, ...(extra.resources ? { resources: extra.resources } : {}) }],
        },
      },
    },
  });
}

export function serviceYaml(name: string, selector: Record<string, string>, port = 80): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name },
    spec: { selector, ports: [{ port, targetPort: port }] },
  });
}

export function scenarioDoc(spec: string, name = "test"): string {
  return `apiVersion: kubeclass.dev/v1\nkind: Scenario\nmetadata: { name: ${name} }\nspec:\n${spec}`;
}

/** Pods of an app that are active (not finished, not being deleted). */
export function activePods(engine: Engine, app: string): Pod[] {
  return Object.values(engine.state.pods).filter(
    (p) =>
      p.metadata.labels.app === app &&
      p.metadata.deletionTimestamp === undefined &&
      p.status.phase !== "Succeeded" &&
      p.status.phase !== "Failed",
  );
}

export function readyPods(engine: Engine, app: string): Pod[] {
  return activePods(engine, app).filter((p) =>
    p.status.conditions.some((c) => c.type === "Ready" && c.status === "True"),
  );
}
