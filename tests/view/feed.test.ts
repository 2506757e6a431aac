import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import { Engine } from "../../shared/sim/engine/Engine.ts";
import { kubeletPlan } from "../../shared/sim/kubelet/actions.ts";
import { ClusterProjector } from "../../shared/view/ClusterProjector.ts";
import { PlainClusterTarget } from "../../shared/view/target.ts";

/**
 * The projector reads only the change feed: flushed after every tick and command, with no periodic
 * re-read and no guess from a command's fields, it shows what a projection made afresh from the state
 * shows, at every tick, while a class plays (a human kubelet, the instructor's faults of every kind).
 */
const DIR = join(process.cwd(), "scenarios");
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

/** Plain, ordered JSON of a target: maps by sorted key, sets sorted. */
function normalize(value: unknown): unknown {
  if (value instanceof Set) return [...value].sort();
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const key of [...value.keys()].sort()) out[String(key)] = normalize(value.get(key));
    return out;
  }
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort())
      out[key] = normalize((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

const FIELDS = [
  "nodes",
  "pods",
  "workloads",
  "horizontalPodAutoscalers",
  "podDisruptionBudgets",
  "services",
  "registries",
  "traffic",
  "proxies",
  "seats",
] as const;

function shown(target: PlainClusterTarget): Record<string, unknown> {
  return Object.fromEntries([
    ...FIELDS.map((f) => [f, normalize(target[f])]),
    ["controlPlane", normalize(target.controlPlane)],
    ["autoscaling", normalize(target.autoscaling)],
  ]);
}

/** The same engine projected afresh (on a copy, since a projector drains the feed it reads). */
function fresh(engine: Engine): Record<string, unknown> {
  const target = new PlainClusterTarget();
  new ClusterProjector(Engine.restore(engine.snapshotState()), target).initialize();
  return shown(target);
}

function faults(engine: Engine, tick: number): Record<string, unknown>[] {
  const [n1, n2, n3] = Object.keys(engine.state.nodes).sort();
  const deployment = Object.values(engine.state.deployments)[0]?.metadata.name ?? "none";
  const moves: Record<number, Record<string, unknown>[]> = {
    30: [{ type: "RevokeCredential", registry: "dockerhub", secret: "regcred" }],
    60: [{ type: "CrashDeployment", name: deployment }],
    90: [
      { type: "PartitionNode", node: n2 },
      { type: "RateLimitRegistry", registry: "dockerhub", pulls: 3, windowSeconds: 30 },
    ],
    100: [{ type: "AddNode", provider: "gcp" }],
    110: [{ type: "ReclaimSpotNode" }],
    120: [{ type: "FailNode", node: n3 }],
    130: [{ type: "UpgradeNodes", version: "v1.31.9", nodes: [n1] }],
    150: [
      { type: "RegistryOutage", registry: "dockerhub", durationSeconds: 4 },
      { type: "SetDriver", seat: "scheduler", driver: "bot", pace: "human" },
    ],
    200: [
      { type: "HealNode", node: n2 },
      { type: "RecoverNode", node: n3 },
      { type: "RestoreCredential", registry: "dockerhub", secret: "regcred" },
    ],
    240: [{ type: "FailMaster", master: "master-1" }],
    260: [{ type: "RecoverMaster", master: "master-1" }],
    300: [{ type: "RemoveNode", node: n1 }],
  };
  return (moves[tick] ?? []).filter((m) => !("node" in m) || m.node !== undefined);
}

describe("a view kept from the change feed", () => {
  it.each(FILES)("%s: equals a fresh projection at every tick", (file) => {
    const loaded = loadScenario([{ file, text: readFileSync(join(DIR, file), "utf8") }]);
    if (!loaded.ok) throw new Error(file);
    const engine = createEngine(loaded.scenario);
    const target = new PlainClusterTarget();
    const projector = new ClusterProjector(engine, target);
    projector.initialize();
    const node = Object.keys(engine.state.nodes).sort()[0] as string;
    engine.apply("instructor", { type: "SetDriver", seat: `kubelet:${node}`, driver: "human" });
    projector.flush();
    for (let tick = 0; tick < 420; tick++) {
      for (const command of faults(engine, tick)) {
        engine.apply("instructor", command);
        projector.flush();
      }
      if (tick % 6 === 3) {
        for (const action of kubeletPlan(engine, node).slice(0, 1)) {
          engine.apply(`kubelet:${node}`, { ...action });
          projector.flush();
        }
      }
      engine.tick();
      projector.flush();
      const live = shown(target);
      const afresh = fresh(engine);
      for (const field of [...FIELDS, "controlPlane", "autoscaling"]) {
        expect(live[field], `${field} at tick ${engine.state.tick}`).toEqual(afresh[field]);
      }
    }
  });
});
