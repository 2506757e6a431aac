import type { Pod } from "../../sim/model/pod.ts";
import { type Context, print, printErr, refusalText } from "../context.ts";
import { bool, type FlagSpec, type ParsedFlags } from "../flags.ts";

/**
 * `kubectl cordon`, `uncordon` and `drain`. Drain is kubectl's: cordon, list the node's pods, refuse
 * (without --force) when some have no controller, leave DaemonSet pods (or refuse without
 * --ignore-daemonsets), then evict each through the Eviction API (the engine's Evict command) and report
 * `node/x drained`. A PodDisruptionBudget's 429 is printed as kubectl prints it before retrying; the
 * console does not wait and retry: run drain again. The game does not wait for the pods to go.
 */
export const DRAIN_FLAGS: FlagSpec[] = [
  { name: "ignore-daemonsets", type: "bool" },
  { name: "delete-emptydir-data", type: "bool" },
  { name: "delete-local-data", type: "bool" },
  { name: "force", type: "bool" },
  { name: "grace-period", type: "int", default: -1 },
  { name: "timeout", type: "string" },
];

function nodeNames(ctx: Context, flags: ParsedFlags, use: string): string[] | undefined {
  if (flags.positionals.length === 0) {
    printErr(ctx, `error: USAGE: ${use} NODE [flags]\nSee 'kubectl ${use} -h' for help and examples`);
    return undefined;
  }
  return flags.positionals.map((a) =>
    a.startsWith("node/") || a.startsWith("nodes/") ? a.slice(a.indexOf("/") + 1) : a,
  );
}

function cordon(ctx: Context, node: string, unschedulable: boolean): boolean {
  const result = ctx.client.apply(ctx.seat, { type: unschedulable ? "CordonNode" : "UncordonNode", node });
  if (!result.ok) {
    printErr(ctx, refusalText(result));
    return false;
  }
  print(ctx, result.message ?? "");
  return true;
}

export function runCordon(ctx: Context, flags: ParsedFlags, unschedulable: boolean): number {
  const names = nodeNames(ctx, flags, unschedulable ? "cordon" : "uncordon");
  if (!names) return 1;
  let exit = 0;
  for (const name of names) if (!cordon(ctx, name, unschedulable)) exit = 1;
  return exit;
}

function podsOn(ctx: Context, node: string): Pod[] {
  return Object.keys(ctx.state.pods)
    .sort()
    .map((k) => ctx.state.pods[k] as Pod)
    .filter((p) => p.spec.nodeName === node);
}

const UNMANAGED_FATAL = "cannot delete Pods that declare no controller (use --force to override)";
const UNMANAGED_WARNING = "deleting Pods that declare no controller";
const DAEMONSET_FATAL = "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
const DAEMONSET_WARNING = "ignoring DaemonSet-managed Pods";

export function runDrain(ctx: Context, flags: ParsedFlags): number {
  const names = nodeNames(ctx, flags, "drain");
  if (!names) return 1;
  for (const name of names) if (!cordon(ctx, name, true)) return 1;
  const force = bool(flags.values, "force");
  const ignoreDaemonSets = bool(flags.values, "ignore-daemonsets");
  const remaining: string[] = [];
  const fatal: string[] = [];
  for (const name of names) {
    const unmanaged: string[] = [];
    const daemons: string[] = [];
    const evict: Pod[] = [];
    for (const pod of podsOn(ctx, name)) {
      const finished = pod.status.phase === "Succeeded" || pod.status.phase === "Failed";
      const controller = pod.metadata.ownerReferences?.find((o) => o.controller);
      // A DaemonSet's pod would come straight back: drain leaves it, or refuses without the flag.
      if (controller?.kind === "DaemonSet" && !finished) {
        daemons.push(`${pod.metadata.namespace}/${pod.metadata.name}`);
        continue;
      }
      if (!finished && !controller) {
        unmanaged.push(`${pod.metadata.namespace}/${pod.metadata.name}`);
        if (!force) continue;
      }
      evict.push(pod);
    }
    const errors: string[] = [];
    if (unmanaged.length && !force) errors.push(`${UNMANAGED_FATAL}: ${unmanaged.join(", ")}`);
    if (daemons.length && !ignoreDaemonSets) errors.push(`${DAEMONSET_FATAL}: ${daemons.join(", ")}`);
    if (errors.length) {
      const error = errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`;
      printErr(ctx, `error: unable to drain node "${name}" due to error: ${error}, continuing command...`);
      remaining.push(name);
      fatal.push(error as string);
      continue;
    }
    const warnings: string[] = [];
    if (daemons.length) warnings.push(`${DAEMONSET_WARNING}: ${daemons.join(", ")}`);
    if (unmanaged.length) warnings.push(`${UNMANAGED_WARNING}: ${unmanaged.join(", ")}`);
    if (warnings.length) printErr(ctx, `Warning: ${warnings.join("; ")}`);
    const evicted: string[] = [];
    let failed: string | undefined;
    for (const pod of evict) {
      print(ctx, `evicting pod ${pod.metadata.namespace}/${pod.metadata.name}`);
      const result = ctx.client.apply(ctx.seat, {
        type: "Evict",
        pod: pod.metadata.name,
        namespace: pod.metadata.namespace,
      });
      if (result.ok) evicted.push(pod.metadata.name);
      else if (result.code === "TooManyRequests") {
        // A PodDisruptionBudget says not now: kubectl retries every 5 s; the console does not wait.
        const where = `pods/"${pod.metadata.name}" -n "${pod.metadata.namespace}"`;
        printErr(ctx, `error when evicting ${where} (will retry after 5s): ${result.message}`);
        failed = `error when evicting ${where}: ${result.message}`;
      } else failed = refusalText(result).replace(/^error: /, "");
    }
    for (const pod of evicted) print(ctx, `pod/${pod} evicted`);
    if (failed) {
      printErr(ctx, `error: unable to drain node "${name}" due to error: ${failed}, continuing command...`);
      remaining.push(name);
      fatal.push(failed);
      continue;
    }
    print(ctx, `node/${name} drained`);
  }
  if (remaining.length) {
    printErr(ctx, `There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}`).join("\n")}`);
    printErr(ctx, fatal.join("\n"));
    return 1;
  }
  return 0;
}
