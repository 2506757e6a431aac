import { Room } from "@colyseus/core";
import { schema, t } from "@colyseus/schema";
import { podStatusReason } from "../../../shared/kubectl/printers.ts";
import { loadScenario } from "../../../shared/scenario/load.ts";
import { createEngine } from "../../../shared/sim/engine/create.ts";
import type { Engine } from "../../../shared/sim/engine/Engine.ts";

/**
 * The yardstick of `npm run bench -- room-vs-bare`: a bare Colyseus room carrying the same cluster and
 * the same change stream as the game's room, through a minimal schema. It runs the same engine on the
 * same 50-node / 500-pod scenario and deletes Running pods at the same rate (the ReplicaSets replace
 * them), and syncs only what a board needs to draw a pod and a node. What the game's room sends and
 * spends beyond this is the price of everything else it shows.
 */
const BarePod = schema(
  {
    node: t.string().default(""),
    status: t.string().default(""),
    ready: t.number().default(0),
    restarts: t.number().default(0),
  },
  "BarePod",
);
const BareNode = schema(
  { ready: t.string().default(""), pods: t.number().default(0), requestedCpu: t.number().default(0) },
  "BareNode",
);
const BareState = schema(
  {
    tickedAt: t.number().default(0),
    nodes: t.map(BareNode),
    pods: t.map(BarePod),
  },
  "BareState",
);
type BareState = InstanceType<typeof BareState>;

export interface BareOptions {
  scenario: string;
  churnPerSecond: number;
  patchRateMs: number;
}

export class BareRoom extends Room<{ state: BareState }> {
  private engine!: Engine;
  private churnCarry = 0;
  private churnPerTick = 0;

  override onCreate(options: BareOptions): void {
    const loaded = loadScenario([{ file: "bench.yaml", text: options.scenario }]);
    if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
    this.engine = createEngine(loaded.scenario);
    // the class is under way: every pod Running before anyone watches
    const running = () =>
      Object.values(this.engine.state.pods).filter((p) => p.status.phase === "Running").length;
    while (running() < Object.keys(this.engine.state.pods).length || running() === 0) this.engine.tick();
    this.engine.changes.drain();
    this.state = new BareState();
    this.projectAll();
    this.churnPerTick = options.churnPerSecond / 10;
    this.patchRate = options.patchRateMs;
    this.setTimestep(() => this.step(), 100);
  }

  private step(): void {
    this.churnCarry += this.churnPerTick;
    while (this.churnCarry >= 1) {
      this.churnCarry--;
      const running = Object.values(this.engine.state.pods).filter((p) => p.status.phase === "Running");
      const pod = running[Math.floor(Math.random() * running.length)];
      if (pod) this.engine.apply("instructor", { type: "Delete", kind: "Pod", name: pod.metadata.name });
    }
    this.engine.tick();
    for (const change of this.engine.changes.drain()) {
      if (change.kind === "Pod") this.projectPod(change.key);
      else if (change.kind === "Node") this.projectNode(change.key);
    }
    this.state.tickedAt = Date.now();
  }

  private projectAll(): void {
    for (const key of Object.keys(this.engine.state.nodes)) this.projectNode(key);
    for (const key of Object.keys(this.engine.state.pods)) this.projectPod(key);
  }

  private projectPod(key: string): void {
    const pod = this.engine.state.pods[key];
    if (!pod) {
      this.state.pods.delete(key);
      return;
    }
    let target = this.state.pods.get(key);
    if (!target) {
      target = new BarePod();
      this.state.pods.set(key, target);
    }
    target.node = pod.spec.nodeName ?? "";
    target.status = podStatusReason(pod);
    target.ready = pod.status.containerStatuses.filter((s) => s.ready).length;
    target.restarts = pod.status.containerStatuses.reduce((n, s) => n + s.restartCount, 0);
    if (target.node) this.projectNode(target.node);
  }

  private projectNode(name: string): void {
    const node = this.engine.state.nodes[name];
    if (!node) {
      this.state.nodes.delete(name);
      return;
    }
    let target = this.state.nodes.get(name);
    if (!target) {
      target = new BareNode();
      this.state.nodes.set(name, target);
    }
    const ready = node.status.conditions.find((c) => c.type === "Ready")?.status;
    target.ready = ready === "True" ? "Ready" : "NotReady";
    const pods = this.engine
      .podsOnNode(name)
      .filter((p) => p.status.phase !== "Succeeded" && p.status.phase !== "Failed");
    target.pods = pods.length;
    target.requestedCpu = pods.reduce((n, p) => n + p.requests.cpu, 0);
  }
}
