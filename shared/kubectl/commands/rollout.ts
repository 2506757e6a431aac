import { REVISION } from "../../sim/controllers/deployment/replicasets.ts";
import type { Deployment } from "../../sim/model/workload.ts";
import { type Context, print, printErr, refusalText } from "../context.ts";
import { describePodTemplate } from "../describe/pod.ts";
import { ownedReplicaSets } from "../describe/workloads.ts";
import { plainWriter } from "../describe/writer.ts";
import { type FlagSpec, int, type ParsedFlags } from "../flags.ts";
import { apiReadable, notFound } from "../query.ts";
import { tabwrite } from "../tabwriter.ts";
import { workloadArgs } from "./workloads.ts";

/**
 * `kubectl rollout status|history|undo` for Deployments. Status does not block in the game: it prints
 * the line kubectl would print now (as `--watch=false` does) and exits 0 unless the rollout failed.
 */
export const ROLLOUT_STATUS_FLAGS: FlagSpec[] = [
  { name: "watch", short: "w", type: "bool", default: true },
  { name: "revision", type: "int", default: 0 },
  { name: "timeout", type: "string" },
];
export const ROLLOUT_HISTORY_FLAGS: FlagSpec[] = [{ name: "revision", type: "int", default: 0 }];
export const ROLLOUT_UNDO_FLAGS: FlagSpec[] = [{ name: "to-revision", type: "int", default: 0 }];

function deployments(ctx: Context, flags: ParsedFlags): Deployment[] | undefined {
  if (flags.positionals.length === 0) {
    printErr(ctx, "error: required resource not specified\nSee 'kubectl rollout -h' for help and examples");
    return undefined;
  }
  const pairs = workloadArgs(ctx, flags.positionals);
  if (!pairs || !apiReadable(ctx)) return undefined;
  const out: Deployment[] = [];
  for (const { resource, name } of pairs) {
    if (resource.kind !== "Deployment") {
      printErr(ctx, `error: no status viewer has been implemented for ${resource.kind}`);
      return undefined;
    }
    const d = ctx.state.deployments[`${ctx.namespace}/${name}`];
    if (!d) {
      printErr(ctx, notFound(resource, name));
      return undefined;
    }
    out.push(d);
  }
  return out;
}

/** The DeploymentStatusViewer's line for the deployment as it is now; `done` when rolled out. */
export function rolloutStatus(d: Deployment, revision = 0): { text: string; done: boolean; error?: string } {
  const name = d.metadata.name;
  const current = Number(d.metadata.annotations[REVISION] ?? 0);
  if (revision > 0 && current !== revision) {
    return {
      text: "",
      done: false,
      error: `error: desired revision (${revision}) is different from the running revision (${current})`,
    };
  }
  const s = d.status;
  if ((d.metadata.generation ?? 1) <= s.observedGeneration) {
    const progressing = s.conditions.find((c) => c.type === "Progressing");
    if (progressing?.reason === "ProgressDeadlineExceeded") {
      return { text: "", done: false, error: `error: deployment "${name}" exceeded its progress deadline` };
    }
    if (s.updatedReplicas < d.spec.replicas) {
      return {
        text: `Waiting for deployment "${name}" rollout to finish: ${s.updatedReplicas} out of ${d.spec.replicas} new replicas have been updated...`,
        done: false,
      };
    }
    if (s.replicas > s.updatedReplicas) {
      return {
        text: `Waiting for deployment "${name}" rollout to finish: ${s.replicas - s.updatedReplicas} old replicas are pending termination...`,
        done: false,
      };
    }
    if (s.availableReplicas < s.updatedReplicas) {
      return {
        text: `Waiting for deployment "${name}" rollout to finish: ${s.availableReplicas} of ${s.updatedReplicas} updated replicas are available...`,
        done: false,
      };
    }
    return { text: `deployment "${name}" successfully rolled out`, done: true };
  }
  return { text: "Waiting for deployment spec update to be observed...", done: false };
}

export function runRolloutStatus(ctx: Context, flags: ParsedFlags): number {
  const list = deployments(ctx, flags);
  if (!list) return 1;
  for (const d of list) {
    const status = rolloutStatus(d, int(flags.values, "revision"));
    if (status.error) {
      printErr(ctx, status.error);
      return 1;
    }
    print(ctx, status.text);
  }
  return 0;
}

export function runRolloutHistory(ctx: Context, flags: ParsedFlags): number {
  const list = deployments(ctx, flags);
  if (!list) return 1;
  const wanted = int(flags.values, "revision");
  for (const d of list) {
    const byRevision = new Map(
      ownedReplicaSets(ctx.state, d).map((rs) => [Number(rs.metadata.annotations[REVISION] ?? 0), rs]),
    );
    const header = `deployment.apps/${d.metadata.name} `;
    if (wanted > 0) {
      const rs = byRevision.get(wanted);
      if (!rs) {
        printErr(ctx, "error: unable to find the specified revision");
        return 1;
      }
      // printTemplate writes DescribePodTemplate without a tabwriter: kubectl really prints tabs here.
      const w = plainWriter();
      describePodTemplate(w, rs.spec.template);
      // NamePrinter adds its newline after the operation text, which ends with one: a blank line follows.
      ctx.out.push(`${header}with revision #${wanted}\n${w.text()}\n`);
      continue;
    }
    const revisions = [...byRevision.keys()].sort((a, b) => a - b);
    if (revisions.length === 0) {
      ctx.out.push(`${header}\nNo rollout history found.\n`);
      continue;
    }
    const rows = revisions.map((r) => {
      const cause = byRevision.get(r)?.metadata.annotations["kubernetes.io/change-cause"] || "<none>";
      return `${r}\t${cause}\n`;
    });
    // The history viewer's own tabwriter: padding 2, no minimum width.
    const table = tabwrite(`REVISION\tCHANGE-CAUSE\n${rows.join("")}`, { minwidth: 0, padding: 2 });
    ctx.out.push(`${header}\n${table}\n`);
  }
  return 0;
}

export function runRolloutUndo(ctx: Context, flags: ParsedFlags): number {
  const list = deployments(ctx, flags);
  if (!list) return 1;
  let exit = 0;
  for (const d of list) {
    const toRevision = int(flags.values, "to-revision");
    const result = ctx.client.apply(ctx.seat, {
      type: "RolloutUndo",
      name: d.metadata.name,
      namespace: d.metadata.namespace,
      ...(toRevision > 0 ? { toRevision } : {}),
    });
    if (result.ok) print(ctx, result.message ?? "");
    else {
      printErr(ctx, refusalText(result));
      exit = 1;
    }
  }
  return exit;
}
