import { stateHash } from "../hash.ts";
import type { RuntimeContainer } from "../model/machine.ts";
import type { Node } from "../model/node.ts";
import type { Container, Pod } from "../model/pod.ts";
import { containerSpec } from "../model/podcontainers.ts";
import { parseBytes, parseCpu } from "../quantity.ts";

/**
 * A container's cgroup limits as the runtime enforces them. Memory is a hard limit: a process whose
 * resident memory grows past `limits.memory` is killed by the kernel's OOM killer (SIGKILL, exit code
 * 137, reason OOMKilled) and restarted per restartPolicy. CPU is a quota: a process that wants more
 * than `limits.cpu` gets exactly its quota (CFS throttling) and is never killed for it.
 */

/** How fast a process fills memory it allocates at once (stress touching its pages): about 1 GiB/s. */
const ALLOCATION_BYTES_PER_MS = (1024 * 1024 * 1024) / 1000;

export function memoryLimit(container: Container | undefined): number | undefined {
  const text = container?.resources?.limits?.memory;
  return text === undefined ? undefined : parseBytes(text);
}

export function cpuLimit(container: Container | undefined): number | undefined {
  const text = container?.resources?.limits?.cpu;
  return text === undefined ? undefined : parseCpu(text);
}

/**
 * When the kernel kills the container for its memory, or undefined when it stays under its limit.
 * Memory grows linearly from `memoryFrom` to `memoryFullAt` (an allocation at once takes ~1 GiB/s).
 */
export function oomKillAt(c: RuntimeContainer, container: Container | undefined): number | undefined {
  const limit = memoryLimit(container);
  const held = c.memoryBytes ?? 0;
  if (limit === undefined || limit <= 0 || held <= limit) return undefined;
  const from = c.memoryFrom ?? c.startedAt ?? c.createdAt;
  const full = c.memoryFullAt ?? from;
  const at = full > from ? from + ((full - from) * limit) / held : from + limit / ALLOCATION_BYTES_PER_MS;
  // The kill lands on the kubelet's 100 ms clock, never before the process started.
  return Math.max(c.startedAt ?? from, Math.ceil(at / 100) * 100);
}

/**
 * CPU the container gets (millicores): what its process asks, throttled to the CPU limit. A node's
 * CPU is shared, but the game does not model contention between containers without limits.
 */
export function cpuUsage(c: RuntimeContainer, container: Container | undefined): number {
  const wanted = c.cpuMillis ?? 0;
  const limit = cpuLimit(container);
  return limit === undefined ? wanted : Math.min(wanted, limit);
}

/** The process is held back by its CPU quota (container_cpu_cfs_throttled_periods_total grows). */
export function cpuThrottled(c: RuntimeContainer, container: Container | undefined): boolean {
  const limit = cpuLimit(container);
  return limit !== undefined && (c.cpuMillis ?? 0) > limit;
}

/** The memory cgroup's oom_score_adj of a container's processes (pkg/kubelet/qos/policy.go). */
export function oomScoreAdj(pod: Pod, container: Container | undefined, nodeMemory: number): number {
  if (pod.status.qosClass === "Guaranteed") return -997;
  if (pod.status.qosClass === "BestEffort") return 1000;
  const request = parseBytes(container?.resources?.requests?.memory ?? "0") ?? 0;
  const adj = 1000 - Math.floor((1000 * request) / Math.max(1, nodeMemory));
  return Math.min(999, Math.max(2, adj));
}

/**
 * Clusters that run node-problem-detector by default (GKE, AKS) turn the kernel's OOM line into a
 * Node event (OOMKilling from kernel-monitor); a kubeadm cluster and EKS report nothing on the Node.
 */
export function reportsKernelOom(node: Node): boolean {
  return node.machine.provider === "gcp" || node.machine.provider === "azure";
}

/** The kernel's line, as node-problem-detector's kernel monitor quotes it. */
export function kernelOomMessage(pod: Pod, c: RuntimeContainer, limit: number, nodeMemory: number): string {
  const container = containerSpec(pod, c.name);
  const argv0 = c.process?.argv[0] ?? c.name;
  const name = (argv0.split("/").pop() ?? argv0).slice(0, 15);
  const pid = 1000 + (Number.parseInt(stateHash(c.id).slice(0, 4), 16) % 30000);
  const kb = Math.round(limit / 1024);
  const totalVm = Math.round((c.memoryBytes ?? limit) / 1024) + 7300;
  return (
    `Memory cgroup out of memory: Killed process ${pid} (${name}) total-vm:${totalVm}kB, ` +
    `anon-rss:${kb - 400}kB, file-rss:${280}kB, shmem-rss:0kB, UID:0 pgtables:${Math.max(44, Math.round(kb / 410))}kB ` +
    `oom_score_adj:${oomScoreAdj(pod, container, nodeMemory)}`
  );
}
