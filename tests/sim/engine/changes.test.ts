import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../shared/scenario/load.ts";
import type { ChangeKind, ObjectChange } from "../../../shared/sim/engine/changes.ts";
import { createEngine } from "../../../shared/sim/engine/create.ts";
import type { Engine } from "../../../shared/sim/engine/Engine.ts";
import { kubeletPlan } from "../../../shared/sim/kubelet/actions.ts";

/**
 * The change feed is complete: a viewer that copies only what the feed names, tick after tick, holds
 * exactly what it would read by looking at everything. Checked over every built-in scenario with a class
 * at work (a human kubelet and scheduler, kubectl, the instructor's faults). Only what changes with time
 * alone is left out (traffic windows, a bot's next step time, proxies' sync bookkeeping). A change of a
 * machine or a kubelet said to be some pods' part alone (`pods`) changed nothing else of the node's.
 */

/** What a viewer reads of one key of one kind (undefined when absent). */
function read(engine: Engine, kind: ChangeKind, key: string): unknown {
  const s = engine.state;
  switch (kind) {
    case "Namespace":
      return s.namespaces[key];
    case "Node":
      return s.nodes[key];
    case "Lease":
      return s.leases[key];
    case "Pod":
      return s.pods[key];
    case "ReplicaSet":
      return s.replicasets[key];
    case "Deployment":
      return s.deployments[key];
    case "Service":
      return s.services[key];
    case "Endpoints":
      return s.endpoints[key];
    case "Machine":
      return s.machines[key];
    case "Kubelet": {
      const kubelet = s.kubelets[key];
      if (!kubelet) return undefined;
      const { lateHeartbeatFor: _referee, ...rest } = kubelet;
      return rest;
    }
    case "Proxy": {
      const proxy = s.proxies[key];
      return proxy && { mode: proxy.mode, rules: proxy.rules, lastSyncAt: proxy.lastSyncAt };
    }
    case "Registry":
      return s.registries[key];
    case "ControlPlane":
      return key === "etcd" ? s.controlPlane.etcd : s.controlPlane.masters.find((m) => m.name === key);
    case "Traffic":
      return s.traffic[key]?.rps;
    case "Seat": {
      const seat = s.seats[key];
      return seat && { driver: seat.driver, pace: seat.pace };
    }
    case "Event":
      return s.events.find((e) => String(e.seq) === key);
    case "Audit":
      return s.audit.find((e) => String(e.seq) === key);
    case "Judgement":
      return s.judgements.find((e) => String(e.seq) === key);
  }
}

/** Everything a viewer could show, by "Kind/key". */
function everything(engine: Engine): Map<string, string> {
  const s = engine.state;
  const keys: [ChangeKind, string[]][] = [
    ["Namespace", Object.keys(s.namespaces)],
    ["Node", Object.keys(s.nodes)],
    ["Lease", Object.keys(s.leases)],
    ["Pod", Object.keys(s.pods)],
    ["ReplicaSet", Object.keys(s.replicasets)],
    ["Deployment", Object.keys(s.deployments)],
    ["Service", Object.keys(s.services)],
    ["Endpoints", Object.keys(s.endpoints)],
    ["Machine", Object.keys(s.machines)],
    ["Kubelet", Object.keys(s.kubelets)],
    ["Proxy", Object.keys(s.proxies)],
    ["Registry", Object.keys(s.registries)],
    ["ControlPlane", ["etcd", ...s.controlPlane.masters.map((m) => m.name)]],
    ["Traffic", Object.keys(s.traffic)],
    ["Seat", Object.keys(s.seats)],
    ["Event", s.events.map((e) => String(e.seq))],
    ["Audit", s.audit.map((e) => String(e.seq))],
    ["Judgement", s.judgements.map((e) => String(e.seq))],
  ];
  const all = new Map<string, string>();
  for (const [kind, list] of keys)
    for (const key of list) all.set(`${kind}/${key}`, JSON.stringify(read(engine, kind, key)));
  return all;
}

/** A viewer that learns only from the feed. */
class FeedViewer {
  readonly seen = new Map<string, string>();
  private readonly engine: Engine;
  constructor(engine: Engine) {
    this.engine = engine;
    for (const [id, json] of everything(engine)) this.seen.set(id, json);
    engine.changes.drain();
  }
  update(changes: ObjectChange[], tick: number): void {
    for (const { kind, key, deleted, pods } of changes) {
      const id = `${kind}/${key}`;
      const now = read(this.engine, kind, key);
      const before = this.seen.get(id);
      // a change said to be some pods' part alone leaves the rest of the node's as the viewer saw it
      if (pods && now !== undefined && before !== undefined) {
        const rest = (json: unknown) => JSON.stringify(withoutPods(json, pods));
        if (rest(JSON.parse(before)) !== rest(now))
          expect(`${id} beyond pods ${[...pods]} at tick ${tick}`).toBe("");
      }
      if (deleted || now === undefined) this.seen.delete(id);
      else this.seen.set(id, JSON.stringify(now));
    }
  }
}

/**
 * A machine or a kubelet's memory without the parts of the given pods (entries keyed by their uid, or
 * "uid/…", "uid_…"; pulls for them) nor the counters that number what any pod gets (IPs, ids).
 */
function withoutPods(value: unknown, pods: ReadonlySet<string>): unknown {
  const ofPod = (key: string) => pods.has(key.split(/[/_]/)[0] as string);
  const out: Record<string, unknown> = {};
  for (const [field, part] of Object.entries(value as Record<string, unknown>)) {
    if (field === "nextPodIP" || field === "nextContainerSeq" || field === "nextPullId") continue;
    if (Array.isArray(part)) out[field] = part.filter((p: { podUID?: string }) => !pods.has(p.podUID ?? ""));
    else if (part && typeof part === "object")
      out[field] = Object.fromEntries(Object.entries(part).filter(([k]) => !ofPod(k)));
    else out[field] = part;
  }
  return out;
}

const DIR = join(process.cwd(), "scenarios");
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

/** A class at work: scripted moves of every kind of seat. */
function classMoves(engine: Engine, tick: number): void {
  const nodes = Object.keys(engine.state.nodes).sort();
  const [n1, n2, n3] = nodes;
  const apply = (seat: string, command: Record<string, unknown>) => engine.apply(seat, command);
  const deployment = Object.values(engine.state.deployments)[0]?.metadata.name;
  switch (tick) {
    case 20:
      if (n1) apply("instructor", { type: "SetDriver", seat: `kubelet:${n1}`, driver: "human" });
      apply("instructor", { type: "SetDriver", seat: "scheduler", driver: "human" });
      break;
    case 60:
      apply("instructor", { type: "RevokeCredential", registry: "dockerhub", secret: "regcred" });
      apply("instructor", { type: "RegistryOutage", registry: "dockerhub", durationSeconds: 5 });
      apply("instructor", { type: "RateLimitRegistry", registry: "dockerhub", pulls: 50 });
      break;
    case 100:
      if (deployment) apply("instructor", { type: "CrashDeployment", name: deployment });
      apply("instructor", { type: "SetDriver", seat: "scheduler", driver: "bot" });
      if (n2) apply("instructor", { type: "PartitionNode", node: n2 });
      break;
    case 150:
      if (n3) apply("instructor", { type: "FailNode", node: n3 });
      apply("instructor", { type: "FailEtcdMember", master: "master-1" });
      break;
    case 170:
      apply("instructor", { type: "RecoverEtcdMember", master: "master-1" });
      apply("instructor", { type: "SetTraffic", service: "gold", rps: 20 });
      if (n1) apply("instructor", { type: "SetDriver", seat: `kube-proxy:${n1}`, driver: "human" });
      break;
    case 200:
      apply("user", {
        type: "Apply",
        manifest: {
          apiVersion: "v1",
          kind: "Service",
          metadata: { name: "gold" },
          spec: { selector: { app: "gold" }, ports: [{ port: 80 }] },
        },
      });
      apply("user", { type: "Scale", kind: "deployment", name: deployment ?? "none", replicas: 2 });
      if (n1) apply(`kube-proxy:${n1}`, { type: "SyncProxyRules", node: n1 });
      break;
    case 260:
      if (n2) apply("instructor", { type: "HealNode", node: n2 });
      if (n3) apply("instructor", { type: "RecoverNode", node: n3 });
      apply("instructor", { type: "RestoreCredential", registry: "dockerhub", secret: "regcred" });
      apply("instructor", { type: "AddNode", provider: "gcp" });
      break;
    case 300:
      apply("instructor", { type: "FailMaster", master: "master-1" });
      break;
    case 340:
      apply("instructor", { type: "RecoverMaster", master: "master-1" });
      if (n1) apply("user", { type: "CordonNode", node: n1 });
      break;
    case 400:
      if (n1) apply("instructor", { type: "RemoveNode", node: n1 });
      apply("user", { type: "Delete", kind: "service", name: "gold" });
      break;
  }
  if (tick > 20 && tick < 100 && tick % 5 === 0) {
    const pending = Object.values(engine.state.pods).find((p) => !p.spec.nodeName);
    if (pending && n1) {
      apply("scheduler", {
        type: "Bind",
        pod: pending.metadata.name,
        namespace: pending.metadata.namespace,
        node: n1,
      });
    }
  }
  if (n1 && tick > 20 && tick % 4 === 0) {
    for (const action of kubeletPlan(engine, n1).slice(0, 2)) apply(`kubelet:${n1}`, { ...action });
  }
}

describe("the change feed", () => {
  it.each(FILES)("%s: a viewer that follows the feed sees what the state holds", (file) => {
    const loaded = loadScenario([{ file, text: readFileSync(join(DIR, file), "utf8") }]);
    if (!loaded.ok) throw new Error(file);
    const engine = createEngine(loaded.scenario);
    const viewer = new FeedViewer(engine);
    for (let tick = 0; tick < 1500; tick++) {
      classMoves(engine, tick);
      engine.tick();
      viewer.update(engine.changes.drain(), tick);
      const all = everything(engine);
      for (const [id, json] of all)
        if (viewer.seen.get(id) !== json) expect(`${id} at tick ${tick}`).toBe("");
      for (const id of viewer.seen.keys()) if (!all.has(id)) expect(`${id} left at tick ${tick}`).toBe("");
    }
  });

  it("a drain lists each key once, and nothing twice", () => {
    const engine = createEngine(scenarioWithPods());
    engine.runFor(10_000);
    const changes = engine.changes.drain();
    const ids = changes.map((c) => `${c.kind}/${c.key}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(engine.changes.drain()).toEqual([]);
  });
});

function scenarioWithPods() {
  const loaded = loadScenario([
    {
      file: "p.yaml",
      text: "apiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec: { containers: [{ name: c, image: nginx:1.27 }] }\n",
    },
  ]);
  if (!loaded.ok) throw new Error("p.yaml");
  return loaded.scenario;
}
