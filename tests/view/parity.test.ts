import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ArraySchema, MapSchema, Schema, SetSchema } from "@colyseus/schema";
import { describe, expect, it } from "vitest";
import { ReplayView } from "../../client/replay/replayView.ts";
import { ClassroomState } from "../../server/state/ClassroomState.ts";
import { Projector } from "../../server/state/Projector.ts";
import { eventOf } from "../../shared/protocol/eventWire.ts";
import { nodeOf } from "../../shared/protocol/nodeWire.ts";
import { requestOf } from "../../shared/protocol/requestWire.ts";
import type { PodView } from "../../shared/protocol/state.ts";
import { podOfSynced } from "../../shared/protocol/syncedPod.ts";
import { type SyncedWorkload, workloadOf } from "../../shared/protocol/workloadWire.ts";
import { MatchLog, MatchRecorder } from "../../shared/replay/recorder.ts";
import { Replay } from "../../shared/replay/replay.ts";
import { loadScenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { containerStep } from "../../shared/sim/kubelet/step.ts";

/**
 * One view for live play and replay: every built-in scenario is played as a room plays it (the server's
 * Projector flushed after every tick and every command, a human kubelet and user on top of the bots),
 * recorded, then replayed in the browser's ReplayView. At every simulated second the cluster the class
 * saw and the cluster the replay shows must be the same, field for field.
 */
const DIR = join(process.cwd(), "scenarios");
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort();
const SECONDS = 240;
const CLUSTER_FIELDS = [
  "nodes",
  "pods",
  "workloads",
  "horizontalPodAutoscalers",
  "podDisruptionBudgets",
  "autoscaling",
  "services",
  "events",
  "controlPlane",
  "registries",
  "traffic",
  "proxies",
  "judgements",
  "requests",
  "seats",
] as const;

/** Plain, ordered JSON of a synced or a plain view: maps by sorted key, sets sorted, lists in order. */
function normalize(value: unknown): unknown {
  if (value instanceof SetSchema || value instanceof Set) return [...value.values()].sort();
  if (value instanceof MapSchema || value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const key of [...value.keys()].sort()) out[key] = normalize(value.get(key));
    return out;
  }
  if (value instanceof ArraySchema || Array.isArray(value)) return [...value].map(normalize);
  if (value instanceof Schema) return normalize(Object.fromEntries(Object.entries(value.toJSON())));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      // who holds a seat is the classroom's, not the cluster's
      if (key === "holders") continue;
      out[key] = normalize((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

function liveFields(state: ClassroomState): Record<string, unknown> {
  const record = state as unknown as Record<string, unknown>;
  const fields = Object.fromEntries(CLUSTER_FIELDS.map((f) => [f, normalizeSchema(record[f])]));
  // pods and nodes travel lean: read as a client reads them
  const received = new Map<string, PodView>();
  state.pods.forEach((pod, key) => {
    received.set(key, podOfSynced(key, pod, state));
  });
  const pods = fields.pods as Record<string, unknown>;
  for (const [key, pod] of received) pods[key] = normalize(pod);
  const nodes = fields.nodes as Record<string, unknown>;
  state.nodes.forEach((node, name) => {
    nodes[name] = normalize({ ...(nodes[name] as object), ...nodeOf(node, received) });
  });
  const services = fields.services as Record<string, unknown>;
  state.services.forEach((service, key) => {
    services[key] = normalize({ ...(services[key] as object), endpoints: service.addresses.size });
  });
  const workloads = fields.workloads as Record<string, unknown>;
  state.workloads.forEach((workload, key) => {
    workloads[key] = normalize(workloadOf(normalizeSchema(workload) as SyncedWorkload));
  });
  const events = fields.events as Record<string, unknown>;
  state.events.forEach((event, key) => {
    events[key] = normalize(eventOf(key, event, state));
  });
  const requests = fields.requests as Record<string, unknown>;
  state.requests.forEach((request, key) => {
    requests[key] = normalize(requestOf(key, request, state));
  });
  return fields;
}

/** A schema's toJSON flattens collections; walk the objects themselves to keep sets apart from lists. */
function normalizeSchema(value: unknown): unknown {
  if (value instanceof Schema) {
    const out: Record<string, unknown> = {};
    const json = value.toJSON() as Record<string, unknown>;
    for (const key of Object.keys(json).sort()) {
      if (key === "holders") continue;
      out[key] = normalizeSchema((value as unknown as Record<string, unknown>)[key]);
    }
    return out;
  }
  if (value instanceof MapSchema) {
    const out: Record<string, unknown> = {};
    for (const key of [...value.keys()].sort()) out[key] = normalizeSchema(value.get(key));
    return out;
  }
  if (value instanceof SetSchema) return [...value.values()].sort();
  if (value instanceof ArraySchema) return [...value].map(normalizeSchema);
  return value;
}

/** A human kubelet on the first node: it takes the step the kubelet's rule book offers, now and then. */
function kubeletMoves(engine: Engine, node: string): { type: string; [field: string]: unknown }[] {
  const machine = engine.state.machines[node];
  const kubelet = engine.state.kubelets[node];
  if (!machine?.up || !kubelet) return [];
  for (const pod of engine.podsOnNode(node)) {
    for (const container of pod.spec.containers) {
      const step = containerStep(engine, machine, kubelet, pod, container);
      const target = {
        node,
        pod: pod.metadata.name,
        namespace: pod.metadata.namespace,
        container: container.name,
      };
      if (step.step === "pull") return [{ type: "PullImage", ...target }];
      if (step.step === "start") return [{ type: "StartContainer", ...target }];
    }
  }
  return [];
}

describe("the live view and the replay's view are one", () => {
  it.each(FILES)("%s: the room's synced cluster equals the replay's at every second", (file) => {
    const files = [{ file, text: readFileSync(join(DIR, file), "utf8") }];
    const loaded = loadScenario(files);
    if (!loaded.ok) throw new Error(file);
    const engine = createEngine(loaded.scenario);
    const log = new MatchLog();
    const recorder = new MatchRecorder(engine, log);
    const state = new ClassroomState();
    const projector = new Projector(engine, state);
    // the room projects a machine's kubelet side for the kubelet panels open; here all of them are
    projector.showKubeletSides();
    projector.initialize();
    const node = Object.keys(engine.state.nodes).sort()[0] as string;
    const apply = (seat: string, command: { type: string; [field: string]: unknown }, player?: string) => {
      recorder.apply(seat, command, player);
      projector.flush();
    };
    apply("instructor", { type: "SetDriver", seat: `kubelet:${node}`, driver: "human" });
    const seen = new Map<number, Record<string, unknown>>();
    const end = SECONDS * 10;
    while (engine.state.tick < end) {
      const tick = engine.state.tick;
      if (tick % 15 === 7)
        for (const move of kubeletMoves(engine, node)) apply(`kubelet:${node}`, move, "p1");
      if (tick % 80 === 40) apply(`kubelet:${node}`, { type: "RenewLease", node }, "p1");
      if (tick === 300) {
        const deployment = Object.values(engine.state.deployments)[0];
        if (deployment) {
          const name = deployment.metadata.name;
          apply(
            "user",
            { type: "Scale", kind: "deployment", name, replicas: deployment.spec.replicas + 1 },
            "p2",
          );
        }
      }
      recorder.tick();
      projector.flush();
      if (engine.state.tick % 5 === 2) seen.set(engine.state.tick, liveFields(state));
    }
    const record = log.toRecord(engine, {
      id: file,
      scenario: { name: loaded.scenario.name, title: loaded.scenario.title },
      scenarioFiles: files,
      createdAt: "2026-12-07T09:00:00Z",
      players: [
        { id: "p1", nickname: "Kay" },
        { id: "p2", nickname: "Uma" },
      ],
      occupancy: [
        { player: "p1", seat: `kubelet:${node}`, fromTick: 0 },
        { player: "p2", seat: "user", fromTick: 0 },
      ],
    });
    const loadedReplay = Replay.load(record);
    if (!loadedReplay.ok) throw new Error(loadedReplay.error);
    const replay = loadedReplay.replay;
    expect(replay.prepare()).toEqual([]);
    const view = new ReplayView(record);
    let compared = 0;
    for (const [tick, live] of seen) {
      const shown = view.view(replay.seek(tick), "paused") as unknown as Record<string, unknown>;
      const replayed = Object.fromEntries(CLUSTER_FIELDS.map((f) => [f, normalize(shown[f])]));
      for (const field of CLUSTER_FIELDS) {
        expect(replayed[field], `${field} at tick ${tick}`).toEqual(live[field]);
      }
      compared++;
    }
    expect(compared).toBe(seen.size);
  });
});
