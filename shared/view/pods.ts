import { tolerationText } from "../kubectl/describe/writer.ts";
import { podStatusReason } from "../kubectl/printers.ts";
import {
  type ContainerStatusWire,
  containerWords,
  ownerWords,
  type PodStateView,
  podWords,
} from "../protocol/podWire.ts";
import type { Container, ContainerStatus, NodeSelectorTerm, Pod } from "../sim/model/pod.ts";

/** One node selector term as a line: `disktype In (ssd, nvme), zone Exists`. */
function termText(term: NodeSelectorTerm): string {
  const parts = [...(term.matchExpressions ?? []), ...(term.matchFields ?? [])].map((r) =>
    r.values?.length ? `${r.key} ${r.operator} (${r.values.join(", ")})` : `${r.key} ${r.operator}`,
  );
  return parts.join(", ");
}

function affinityLines(pod: Pod): string[] {
  const affinity = pod.spec.affinity?.nodeAffinity;
  if (!affinity) return [];
  const required = affinity.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const preferred = affinity.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  return [
    ...required.map(termText),
    ...preferred.map((p) => `weight ${p.weight}: ${termText(p.preference)}`),
  ];
}

function tolerationLines(pod: Pod): { tolerations: string[]; defaultTolerations: number } {
  const tolerations: string[] = [];
  let defaultTolerations = 0;
  for (const toleration of pod.spec.tolerations) {
    const text = tolerationText(toleration);
    if (DEFAULT_TOLERATION.test(text)) defaultTolerations++;
    else tolerations.push(text);
  }
  return { tolerations, defaultTolerations };
}

/** A container's state as the board draws it: waiting, running or terminated, its reason and message. */
function containerState(status: ContainerStatus | undefined): [string, string, string] {
  if (!status) return ["waiting", "ContainerCreating", ""];
  const state = status.state;
  if ("running" in state) return ["running", "", ""];
  if ("terminated" in state) {
    const t = state.terminated;
    return ["terminated", t.reason ?? "", t.message ? t.message.trim() : `exit ${t.exitCode}`];
  }
  return ["waiting", state.waiting.reason ?? "", state.waiting.message ?? ""];
}

function containerView(spec: Container, status: ContainerStatus | undefined): ContainerStatusWire {
  const [state, reason, message] = containerState(status);
  const last = status && "terminated" in status.lastState ? status.lastState.terminated : undefined;
  return {
    name: spec.name,
    image: spec.image,
    ...containerWords(state, reason),
    // a long message (a script's output) stays a line on a card
    message: message.length > 300 ? `${message.slice(0, 297)}...` : message,
    lastState: last ? `${last.reason} (exit ${last.exitCode})` : "",
    ready: status?.ready ?? false,
    restarts: status?.restartCount ?? 0,
    sidecar: spec.restartPolicy === "Always",
  };
}

/**
 * The NoExecute tolerations the API server's DefaultTolerationSeconds admission adds to every pod
 * (not-ready, unreachable): counted, not listed, so 500 pods do not carry the same two lines each.
 */
const DEFAULT_TOLERATION = /^node\.kubernetes\.io\/(not-ready|unreachable):NoExecute op=Exists/;

/** A pod as it travels: its identity (key, name, namespace) is its map key's. */
export function podView(pod: Pod): PodStateView {
  const statuses = pod.status.containerStatuses;
  const unscheduled = pod.status.conditions.find((c) => c.type === "PodScheduled" && c.status === "False");
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller) ?? pod.metadata.ownerReferences?.[0];
  const containers: ContainerStatusWire[] = pod.spec.containers.map((spec) =>
    containerView(
      spec,
      statuses.find((s) => s.name === spec.name),
    ),
  );
  const initStatuses = pod.status.initContainerStatuses ?? [];
  const initContainers: ContainerStatusWire[] = (pod.spec.initContainers ?? []).map((spec) =>
    containerView(
      spec,
      initStatuses.find((s) => s.name === spec.name),
    ),
  );
  return {
    ...podWords(pod.status.phase, podStatusReason(pod)),
    node: pod.spec.nodeName ?? "",
    nominatedNode: pod.status.nominatedNodeName ?? "",
    message: pod.status.message ?? unscheduled?.message ?? "",
    readyContainers: statuses.filter((s) => s.ready).length,
    totalContainers: pod.spec.containers.length,
    restarts: statuses.reduce((sum, s) => sum + s.restartCount, 0),
    ip: pod.status.podIP ?? "",
    cpu: pod.requests.cpu,
    memory: pod.requests.memory,
    created: pod.metadata.creationTimestamp,
    deleting: pod.metadata.deletionTimestamp !== undefined,
    priority: pod.spec.priority ?? 0,
    ...ownerWords(pod.metadata.name, owner ? `${owner.kind}/${owner.name}` : ""),
    nodeSelector: new Map(Object.entries(pod.spec.nodeSelector ?? {})),
    nodeAffinity: affinityLines(pod),
    ...tolerationLines(pod),
    containers,
    initContainers,
  };
}
