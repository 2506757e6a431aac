import type {
  EventView,
  NodeView,
  PodView,
  PullView,
  RegistryView,
  RequestView,
} from "../../shared/protocol/state.ts";
import { eventMessageOf } from "../../shared/view/eventTemplates.ts";
import { pullViewProgress } from "../state/pulls.ts";
import { byName, type ClusterView, pendingPods } from "../state/view.ts";
import { registryOfImage } from "./drawTray.ts";
import { type FlowSpec, flowsForEvent, flowsForRequest, heartbeatFlow, pulledImage } from "./flows.ts";

/**
 * The board's reading of a ClusterView: pods grouped by node, a signature per card (a card is redrawn
 * only when its signature changes), the image pulls under way, and the requests new events stand for.
 */
export interface PullLine {
  node: string;
  registry: string;
  label: string;
  /** 0..1, or -1 when unknown (seen from events only). */
  progress: number;
  failed: boolean;
}

export interface NodeEntry {
  node: NodeView;
  pods: PodView[];
  pulling: string;
}

const DEFAULT_REGISTRY: RegistryView = {
  name: "dockerhub",
  kind: "dockerhub",
  host: "docker.io",
  requiresCredentials: false,
  outageUntil: 0,
  rateLimit: "",
  pullsInWindow: 0,
  pullSecrets: new Set(),
  revokedSecrets: new Set(),
};

/** A pull as the engine's pullProgress reads it (the synced view writes 0 for "not yet"). */
export function pullFraction(pull: PullView, now: number): number {
  const progress = pullViewProgress(pull, now);
  const total = progress.reduce((s, l) => s + (l.cached ? 0 : l.size), 0);
  if (total === 0) return pull.downloadStartAt && now >= pull.downloadStartAt ? 1 : 0;
  return progress.reduce((s, l) => s + (l.cached ? 0 : l.downloaded), 0) / total;
}

export class BoardModel {
  nodes = new Map<string, NodeEntry>();
  /**
   * Names of the node grid: the Nodes, and the machines still booting (drawn dashed where their Node
   * will be, so a joining Node does not move the others).
   */
  nodeNames: string[] = [];
  pending: PodView[] = [];
  registries: RegistryView[] = [DEFAULT_REGISTRY];
  pulls: PullLine[] = [];
  providers: Record<string, number> = {};
  private lastEventSeq = -1;
  private lastRequestSeq = -1;
  private leases = new Map<string, number>();
  /** Pulls seen through events, by "node|pod|image", for viewers without the machine view. */
  private eventPulls = new Map<string, { node: string; image: string }>();

  /** Rebuilds the grouping; returns the flows for events and heartbeats seen since the last call. */
  read(view: ClusterView, now: number, animate: boolean): FlowSpec[] {
    const names: string[] = [];
    const entries = new Map<string, NodeEntry>();
    const providers: Record<string, number> = {};
    view.nodes.forEach((node, name) => {
      names.push(name);
      entries.set(name, { node, pods: [], pulling: "" });
      providers[node.provider || "local"] = (providers[node.provider || "local"] ?? 0) + 1;
    });
    view.autoscaling?.pendingNodes.forEach((_, name) => {
      if (!entries.has(name)) names.push(name);
    });
    names.sort(byName);
    view.pods.forEach((pod) => {
      if (pod.node) entries.get(pod.node)?.pods.push(pod);
    });
    for (const entry of entries.values()) entry.pods.sort((a, b) => byName(a.name, b.name));
    const registries: RegistryView[] = [];
    view.registries?.forEach((r) => {
      registries.push(r);
    });
    registries.sort(
      (a, b) => REGISTRY_ORDER.indexOf(a.kind) - REGISTRY_ORDER.indexOf(b.kind) || byName(a.name, b.name),
    );
    this.registries = registries.length ? registries : [DEFAULT_REGISTRY];
    this.nodes = entries;
    this.nodeNames = names;
    this.providers = providers;
    this.pending = pendingPods(view);

    const flows: FlowSpec[] = [];
    const nodeSet = new Set(names);
    // events: the requests they stand for, and pulls for viewers without a machine view
    const fresh: EventView[] = [];
    let maxSeq = this.lastEventSeq;
    view.events.forEach((e) => {
      if (e.seq > this.lastEventSeq) fresh.push(e);
      if (e.seq > maxSeq) maxSeq = e.seq;
    });
    fresh.sort((a, b) => a.seq - b.seq);
    const first = this.lastEventSeq < 0;
    this.lastEventSeq = maxSeq;
    for (const e of fresh) {
      this.trackPull(e);
      if (animate && !first && now - e.time < 5000) flows.push(...flowsForEvent(e, nodeSet));
    }
    // API requests from the audit log, each from its seat through the API server
    const requests: RequestView[] = [];
    let maxRequest = this.lastRequestSeq;
    view.requests?.forEach((r) => {
      if (r.seq > this.lastRequestSeq) requests.push(r);
      if (r.seq > maxRequest) maxRequest = r.seq;
    });
    const firstRequests = this.lastRequestSeq < 0;
    this.lastRequestSeq = maxRequest;
    if (animate && !firstRequests) {
      const podNode = (key: string) => view.pods.get(key)?.node || undefined;
      for (const r of requests.sort((a, b) => a.seq - b.seq)) {
        if (now - r.time < 5000) flows.push(...flowsForRequest(r, podNode));
      }
    }
    for (const name of entries.keys()) {
      const renewed = entries.get(name)?.node.leaseRenewed ?? 0;
      const before = this.leases.get(name);
      if (animate && before !== undefined && renewed > before) flows.push(heartbeatFlow(name));
      this.leases.set(name, renewed);
    }
    this.pulls = this.readPulls(entries, now);
    return flows;
  }

  private trackPull(e: EventView): void {
    if (e.kind !== "Pod" || !e.host) return;
    const key = `${e.host}|${e.namespace}/${e.name}`;
    if (e.reason === "Pulling") {
      const image = pulledImage(eventMessageOf(e));
      if (image) this.eventPulls.set(`${key}|${image}`, { node: e.host, image });
    } else if (e.reason === "Pulled" || e.reason === "Failed" || e.reason === "BackOff") {
      const image = pulledImage(eventMessageOf(e));
      if (image) this.eventPulls.delete(`${key}|${image}`);
      else for (const k of this.eventPulls.keys()) if (k.startsWith(`${key}|`)) this.eventPulls.delete(k);
    }
  }

  private readPulls(entries: Map<string, NodeEntry>, now: number): PullLine[] {
    const lines: PullLine[] = [];
    const withMachine = new Set<string>();
    for (const [name, entry] of entries) {
      const machine = entry.node.machine;
      if (!machine) continue;
      withMachine.add(name);
      let head: PullView | undefined;
      machine.pulls.forEach((p) => {
        if (!head || p.id < head.id) head = p;
      });
      const pull = head as PullView | undefined;
      if (!pull || (pull.doneAt && pull.doneAt <= now && !pull.error)) continue;
      const fraction = pullFraction(pull, now);
      const registry = pull.registry || registryOfImage(pull.image, this.registries);
      const label = `${pull.image} ${pull.error ? "✕" : `${Math.floor(fraction * 100)}%`}`;
      entry.pulling = machine.pulls.size > 1 ? `${label} (+${machine.pulls.size - 1})` : label;
      lines.push({ node: name, registry, label, progress: fraction, failed: Boolean(pull.error) });
    }
    for (const [key, p] of this.eventPulls) {
      const entry = entries.get(p.node);
      if (!entry) {
        this.eventPulls.delete(key);
        continue;
      }
      if (withMachine.has(p.node)) continue;
      if (!entry.pulling) entry.pulling = p.image;
      lines.push({
        node: p.node,
        registry: registryOfImage(p.image, this.registries),
        label: p.image,
        progress: -1,
        failed: false,
      });
    }
    return lines;
  }

  /** Drops what the model remembers of the past (after a seek in a replay). */
  resetHistory(): void {
    this.lastEventSeq = -1;
    this.lastRequestSeq = -1;
    this.leases.clear();
    this.eventPulls.clear();
  }
}

const REGISTRY_ORDER = [
  "local",
  "dockerhub",
  "k8s",
  "ghcr",
  "quay",
  "mcr",
  "ecr-public",
  "ecr",
  "gar",
  "acr",
];

/** What a node card shows, as a string: equal strings mean nothing visible changed. */
export function nodeSignature(entry: NodeEntry, now: number, extra: string): string {
  const n = entry.node;
  const age = n.leaseRenewed > 0 ? Math.floor((now - n.leaseRenewed) / 2000) : -1;
  let s = `${n.ready}|${n.unschedulable}|${n.requestedCpu}|${n.requestedMemory}|${n.cpu}|${n.memory}|${age}|${entry.pulling}|${n.runtime}|${n.instanceType}|${n.machine?.up}|${n.machine?.networkUp}|${extra}|`;
  n.taints.forEach((x) => {
    s += `${x},`;
  });
  n.labels.forEach((v, k) => {
    s += `${k}=${v},`;
  });
  for (const p of entry.pods) {
    s += `${p.name}:${p.status}:${p.readyContainers}:${p.restarts}:${p.deleting ? 1 : 0}`;
    p.containers.forEach((c) => {
      s += `${c.ready ? 1 : 0}${c.state[0]}`;
    });
    s += ";";
  }
  return s;
}
