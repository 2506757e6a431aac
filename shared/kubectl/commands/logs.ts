import type { RuntimeContainer } from "../../sim/model/machine.ts";
import type { ContainerStatus, Pod } from "../../sim/model/pod.ts";
import { containerSpec, statusOf } from "../../sim/model/podcontainers.ts";
import { containerLogs } from "../../sim/runtime/logs.ts";
import { rfc3339Nano } from "../../time/format.ts";
import { type Context, print, printErr } from "../context.ts";
import { bool, type FlagSpec, int, type ParsedFlags, str } from "../flags.ts";
import { bannerLines, type LogLine } from "../imagelogs.ts";
import { apiReadable } from "../query.ts";
import { resolveResource } from "../resources.ts";

/**
 * `kubectl logs POD [-c CONTAINER] [--previous] [--tail=N]`: the API server asks the pod's kubelet,
 * which picks the container instance as validateContainerLogStatus does (a crash-looping container
 * shows its last run) and reads it from the runtime; an unreachable node answers with a dial error.
 */
export const LOGS_FLAGS: FlagSpec[] = [
  { name: "container", short: "c", type: "string" },
  { name: "previous", short: "p", type: "bool" },
  { name: "tail", type: "int", default: -1 },
  { name: "follow", short: "f", type: "bool" },
  { name: "timestamps", type: "bool" },
  { name: "all-containers", type: "bool" },
];

const badRequest = (message: string) => `Error from server (BadRequest): ${message}`;

/** The pod a `logs` argument names: POD, pod/POD, or a Deployment/ReplicaSet's first pod. */
function podFor(ctx: Context, arg: string): Pod | undefined {
  const slash = arg.indexOf("/");
  if (slash < 0) {
    const pod = ctx.state.pods[`${ctx.namespace}/${arg}`];
    if (!pod) printErr(ctx, `Error from server (NotFound): pods "${arg}" not found`);
    return pod;
  }
  const r = resolveResource(arg.slice(0, slash));
  const name = arg.slice(slash + 1);
  if (!r) {
    printErr(ctx, `error: the server doesn't have a resource type "${arg.slice(0, slash)}"`);
    return undefined;
  }
  if (r.kind === "Pod") return podFor(ctx, name);
  const owner =
    r.kind === "Deployment"
      ? ctx.state.deployments[`${ctx.namespace}/${name}`]
      : r.kind === "ReplicaSet"
        ? ctx.state.replicasets[`${ctx.namespace}/${name}`]
        : undefined;
  if (!owner) {
    printErr(
      ctx,
      `Error from server (NotFound): ${r.group ? `${r.resource}.${r.group}` : r.resource} "${name}" not found`,
    );
    return undefined;
  }
  const selector = owner.spec.selector.matchLabels ?? {};
  const pods = Object.values(ctx.state.pods)
    .filter(
      (p) =>
        p.metadata.namespace === ctx.namespace &&
        Object.entries(selector).every(([k, v]) => p.metadata.labels[k] === v),
    )
    .sort((a, b) => rank(a) - rank(b) || (a.metadata.name < b.metadata.name ? -1 : 1));
  const first = pods[0];
  if (!first) {
    printErr(ctx, `error: timed out waiting for the condition`);
    return undefined;
  }
  if (pods.length > 1) printErr(ctx, `Found ${pods.length} pods, using pod/${first.metadata.name}`);
  return first;
}

/** ActivePods ordering, roughly: scheduled, running and ready pods first. */
function rank(p: Pod): number {
  const ready = p.status.conditions.some((c) => c.type === "Ready" && c.status === "True");
  return (p.spec.nodeName ? 0 : 4) + (p.status.phase === "Running" ? 0 : 2) + (ready ? 0 : 1);
}

/** The container ID whose logs the kubelet reads, or the error it gives. */
function containerIdFor(
  status: ContainerStatus,
  pod: Pod,
  previous: boolean,
): { id: string } | { error: string } {
  const name = status.name;
  const podName = pod.metadata.name;
  const last = "terminated" in status.lastState ? status.lastState.terminated : undefined;
  const state = status.state;
  if (previous) {
    if (!last?.containerID)
      return { error: `previous terminated container "${name}" in pod "${podName}" not found` };
    return { id: last.containerID };
  }
  if ("running" in state) return { id: status.containerID ?? "" };
  if ("terminated" in state) {
    const id = state.terminated.containerID || last?.containerID;
    return id ? { id } : { error: `container "${name}" in pod "${podName}" is terminated` };
  }
  if (last) {
    return last.containerID
      ? { id: last.containerID }
      : { error: `container "${name}" in pod "${podName}" is terminated` };
  }
  const reason = state.waiting.reason;
  if (reason === "ErrImagePull")
    return { error: `container "${name}" in pod "${podName}" is waiting to start: image can't be pulled` };
  if (reason === "ImagePullBackOff") {
    return {
      error: `container "${name}" in pod "${podName}" is waiting to start: trying and failing to pull image`,
    };
  }
  return { error: `container "${name}" in pod "${podName}" is waiting to start: ${reason}` };
}

export function runLogs(ctx: Context, flags: ParsedFlags): number {
  const v = flags.values;
  const [target, positionalContainer, ...extra] = flags.positionals;
  if (!target || extra.length > 0) {
    printErr(
      ctx,
      "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples",
    );
    return 1;
  }
  if (!apiReadable(ctx)) return 1;
  const pod = podFor(ctx, target);
  if (!pod) return 1;
  const names = pod.spec.containers.map((c) => c.name);
  const initNames = (pod.spec.initContainers ?? []).map((c) => c.name);
  let containerName = str(v, "container") || positionalContainer || "";
  if (!containerName) {
    containerName =
      pod.metadata.annotations["kubectl.kubernetes.io/default-container"] ?? (names[0] as string);
    if (names.length + initNames.length > 1 && !bool(v, "all-containers")) {
      const all = [...names, ...initNames.map((n) => `${n} (init)`)];
      printErr(ctx, `Defaulted container "${containerName}" out of: ${all.join(", ")}`);
    }
  }
  const selected = bool(v, "all-containers") ? [...initNames, ...names] : [containerName];
  const lines: LogLine[] = [];
  for (const name of selected) {
    const container = containerSpec(pod, name);
    if (!container) {
      printErr(ctx, badRequest(`container ${name} is not valid for pod ${pod.metadata.name}`));
      return 1;
    }
    // An unscheduled pod has no kubelet to ask: the API server returns an empty stream.
    if (!pod.spec.nodeName) return 0;
    const node = ctx.state.nodes[pod.spec.nodeName];
    const machine = ctx.state.machines[pod.spec.nodeName];
    if (!machine?.up || !machine.networkUp) {
      const ip = node?.status.addresses.find((a) => a.type === "InternalIP")?.address ?? pod.status.hostIP;
      printErr(
        ctx,
        `Error from server: Get "https://${ip}:10250/containerLogs/${pod.metadata.namespace}/${pod.metadata.name}/${name}": dial tcp ${ip}:10250: connect: no route to host`,
      );
      return 1;
    }
    const status = statusOf(pod, name);
    if (!status) {
      printErr(
        ctx,
        badRequest(
          `container "${name}" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating`,
        ),
      );
      return 1;
    }
    const chosen = containerIdFor(status, pod, bool(v, "previous"));
    if ("error" in chosen) {
      printErr(ctx, badRequest(chosen.error));
      return 1;
    }
    const instance = machine.containers[`${pod.metadata.uid}/${name}`] as RuntimeContainer | undefined;
    if (!instance || instance.id !== chosen.id) {
      // The runtime keeps only the latest instance of each container in this simulation.
      if (bool(v, "previous")) {
        printErr(
          ctx,
          badRequest(`previous terminated container "${name}" in pod "${pod.metadata.name}" not found`),
        );
        return 1;
      }
      continue;
    }
    for (const line of containerLogs(ctx.state, pod, instance)) {
      if (line.banner) lines.push(...bannerLines(ctx.state, pod, instance, line.banner, line.at));
      else lines.push({ at: line.at, text: line.text });
    }
  }
  const tail = int(v, "tail");
  const shown = tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines;
  if (shown.length) {
    const timestamps = bool(v, "timestamps");
    print(ctx, shown.map((l) => (timestamps ? `${rfc3339Nano(l.at)} ${l.text}` : l.text)).join("\n"));
  }
  return 0;
}
