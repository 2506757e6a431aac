import { decodeManifest } from "../sim/api/decode.ts";
import { type FieldError, UNKNOWN_FIELD } from "../sim/api/fielderrors.ts";
import type { DecodedObject } from "../sim/api/types.ts";
import { Command } from "../sim/commands.ts";
import { parseDuration } from "../sim/duration.ts";
import type { TimelineStep } from "../sim/model/state.ts";
import { type DocProblem, DURATION_HINT, type TimelineEntry, zodProblems } from "./document.ts";

/**
 * `spec.timeline`: `{at: "90s", action: FailNode, node: worker-2}` entries become engine TimelineSteps
 * `{at: 90000, command: {type: "FailNode", node: "worker-2"}}`, each checked against the Command schema;
 * an Apply's manifest must pass the API server as it will when the step runs.
 */
export interface TimelineResult {
  steps: TimelineStep[];
  problems: DocProblem[];
  notSimulated: string[];
  /** Objects the timeline applies (their Nodes count as declared). */
  applied: DecodedObject[];
  /** Node and registry names the timeline refers to, with the field that names them. */
  references: { field: string; kind: "node" | "registry" | "master"; name: string }[];
}

/** A manifest's field error, moved under the field that holds the manifest. */
export function prefixFieldError(e: FieldError, prefix: string): DocProblem {
  if (!prefix) return { field: e.field, message: e.message };
  const field = e.field ? `${prefix}.${e.field}` : prefix;
  if (e.type === UNKNOWN_FIELD) return { field, message: `unknown field ${JSON.stringify(field)}` };
  if (e.field && e.message.startsWith(`${e.field}: `)) return { field, message: `${prefix}.${e.message}` };
  return { field, message: `${prefix}: ${e.message}` };
}

export function parseTimeline(entries: TimelineEntry[], durationSeconds: number | undefined): TimelineResult {
  const out: TimelineResult = { steps: [], problems: [], notSimulated: [], applied: [], references: [] };
  entries.forEach((entry, i) => {
    const path = `spec.timeline[${i}]`;
    const problem = (field: string, message: string) =>
      out.problems.push({ field, message: `${field}: ${message}` });
    const { at: rawAt, action, ...fields } = entry;
    const at = parseDuration(rawAt);
    if (at === undefined) problem(`${path}.at`, `Invalid value: ${JSON.stringify(rawAt)}: ${DURATION_HINT}`);
    else if (durationSeconds !== undefined && at > durationSeconds * 1000) {
      problem(
        `${path}.at`,
        `Invalid value: ${JSON.stringify(rawAt)}: must not be after spec.durationSeconds (${durationSeconds})`,
      );
    }
    if ("type" in fields) {
      out.problems.push({ field: `${path}.type`, message: `unknown field "${path}.type"` });
      delete fields.type;
    }
    const parsed = Command.safeParse({ ...fields, type: action }, { reportInput: true });
    if (!parsed.success) {
      out.problems.push(...zodProblems(parsed.error.issues, path));
      return;
    }
    const command = parsed.data;
    switch (command.type) {
      case "Apply": {
        if (command.manifest === undefined || command.manifest === null) {
          problem(`${path}.manifest`, "Required value");
          return;
        }
        const decoded = decodeManifest(command.manifest);
        if (!decoded.ok) {
          out.problems.push(...decoded.errors.map((e) => prefixFieldError(e, `${path}.manifest`)));
          return;
        }
        if (decoded.object === null)
          out.notSimulated.push(`${path}.manifest: kind ${decoded.kind} is not simulated`);
        else out.applied.push(decoded.object);
        for (const p of decoded.notSimulated) out.notSimulated.push(`${path}.manifest.${p} is not simulated`);
        break;
      }
      case "FailNode":
      case "RecoverNode":
      case "CordonNode":
      case "UncordonNode":
      case "PartitionNode":
      case "HealNode":
      case "RemoveNode":
        out.references.push({ field: `${path}.node`, kind: "node", name: command.node });
        break;
      case "RegistryOutage":
        out.references.push({ field: `${path}.registry`, kind: "registry", name: command.registry });
        break;
      case "RateLimitRegistry":
      case "RevokeCredential":
      case "RestoreCredential":
        out.references.push({ field: `${path}.registry`, kind: "registry", name: command.registry });
        break;
      case "FailEtcdMember":
      case "RecoverEtcdMember":
      case "FailMaster":
      case "RecoverMaster":
        out.references.push({ field: `${path}.master`, kind: "master", name: command.master });
        break;
    }
    if (at !== undefined) out.steps.push({ at, command: command as TimelineStep["command"] });
  });
  // Array.prototype.sort is stable: steps at the same time keep their written order.
  out.steps.sort((a, b) => a.at - b.at);
  return out;
}
