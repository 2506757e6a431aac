import type { NodeView, PodView, SyncedMap } from "./state.ts";

/**
 * How a node travels, and how a client completes it. What the pods bound to a node request (and how many
 * they are) changes with every pod that arrives or leaves, and every client holds every pod: so it is not
 * sent, and a client sums it from the pods it has, exactly as the node's view sums it on the server
 * (shared/view/nodes.ts: the pods whose node it is, not Succeeded or Failed). A replay's target keeps the
 * view's own figures.
 */

/** The node's fields a client sums from the pods. */
export type NodeUsage = Pick<NodeView, "requestedCpu" | "requestedMemory" | "pods">;

/** A node as it travels: without what its pods request. */
export type NodeStateView = Omit<NodeView, keyof NodeUsage>;

const finished = (phase: string) => phase === "Succeeded" || phase === "Failed";

/** What the pods bound to each node request, by node name (a node without such pods is absent). */
export function nodeUsage(pods: SyncedMap<PodView>): Map<string, NodeUsage> {
  const usage = new Map<string, NodeUsage>();
  pods.forEach((pod) => {
    if (!pod.node || finished(pod.phase)) return;
    const sum = usage.get(pod.node);
    if (sum) {
      sum.requestedCpu += pod.cpu;
      sum.requestedMemory += pod.memory;
      sum.pods++;
    } else usage.set(pod.node, { requestedCpu: pod.cpu, requestedMemory: pod.memory, pods: 1 });
  });
  return usage;
}

const NONE: NodeUsage = { requestedCpu: 0, requestedMemory: 0, pods: 0 };

const RECEIVED = Symbol("received");

/** What the pods request on each node, summed at most once per patch and only when a node's is read. */
class UsageOfPods {
  private usage: Map<string, NodeUsage> | undefined;
  pods: SyncedMap<PodView>;

  constructor(pods: SyncedMap<PodView>) {
    this.pods = pods;
  }

  /** A patch arrived: the sums are stale. */
  patched(pods: SyncedMap<PodView>): void {
    this.pods = pods;
    this.usage = undefined;
  }

  of(node: string): NodeUsage {
    this.usage ??= nodeUsage(this.pods);
    return this.usage.get(node) ?? NONE;
  }
}

const USAGE = Symbol("usage");

/**
 * What a client does with the nodes of each patch, after `receivePods`: gives each new node its
 * requests and pod count, read from the pods (summed once per patch, when the first node's is read: a
 * screen that shows no node pays nothing).
 */
export function receiveNodes(nodes: SyncedMap<NodeStateView>, pods: SyncedMap<PodView>): void {
  const holder = nodes as unknown as { [USAGE]?: UsageOfPods };
  const usage = holder[USAGE] ?? new UsageOfPods(pods);
  holder[USAGE] = usage;
  usage.patched(pods);
  nodes.forEach((node, name) => {
    const item = node as NodeStateView & { [RECEIVED]?: boolean };
    if (item[RECEIVED]) return;
    item[RECEIVED] = true;
    for (const field of ["requestedCpu", "requestedMemory", "pods"] as const)
      Object.defineProperty(item, field, {
        get: () => usage.of(name)[field],
        enumerable: true,
        configurable: true,
      });
  });
}

/** A received node as a plain NodeView (a test's reading of the room's state). */
export function nodeOf(received: NodeStateView, pods: SyncedMap<PodView>): NodeView {
  const usage = nodeUsage(pods).get(received.name) ?? NONE;
  return { ...received, ...usage };
}
