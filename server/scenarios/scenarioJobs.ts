import {
  manifestSource,
  type ParsedManifestFile,
  parseManifestFile,
} from "../../shared/kubectl/manifests.ts";
import type { ScenarioErrorJson, ScenarioValidation } from "../../shared/protocol/http.ts";
import {
  formatScenarioError,
  loadScenario,
  type Scenario,
  type ScenarioSource,
} from "../../shared/scenario/load.ts";
import { type SessionQuota, specBeyondQuota } from "../../shared/sim/apiserver/quota.ts";
import { DEFAULT_WORKERS } from "../../shared/sim/engine/spec.ts";

/**
 * The work on scenario files, run on the scenario worker threads (ScenarioPool): parsing the YAML,
 * decoding and validating every manifest and the Scenario document. A 512 KB file of 8,000 Nodes takes
 * ~0.4 s here; on the event loop that would stall every live class.
 */
export type ScenarioJob =
  /** The scenario editor's check: every error, or what the scenario holds. */
  | { kind: "validate"; files: ScenarioSource[]; quota?: SessionQuota }
  /** A new session's scenario: the parsed Scenario, or every error (what it asks beyond the quota too). */
  | { kind: "load"; files: ScenarioSource[]; quota?: SessionQuota }
  /** The `-f` files of a kubectl line (by name, "-" for stdin), parsed as kubectl parses them. */
  | { kind: "manifests"; files: Record<string, string> };

export type LoadedScenario = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioErrorJson[] };

export type ScenarioJobResult<J extends ScenarioJob> = J extends { kind: "validate" }
  ? ScenarioValidation
  : J extends { kind: "manifests" }
    ? Record<string, ParsedManifestFile>
    : LoadedScenario;

export function parseManifestFiles(files: Record<string, string>): Record<string, ParsedManifestFile> {
  const parsed: Record<string, ParsedManifestFile> = {};
  for (const [name, text] of Object.entries(files))
    parsed[name] = parseManifestFile(manifestSource(name), text);
  return parsed;
}

function errorsOf(errors: Parameters<typeof formatScenarioError>[0][]): ScenarioErrorJson[] {
  return errors.map((e) => ({ ...e, text: formatScenarioError(e) }));
}

/** A scenario asking for more than a class may hold is refused before a class is made of it. */
function beyondQuota(files: ScenarioSource[], scenario: Scenario, quota: SessionQuota | undefined) {
  if (!quota) return [];
  const file = files[0]?.file ?? "";
  return specBeyondQuota(scenario, quota).map((problem) => {
    const error = { file, document: 0, line: 1, field: "", message: `${problem} (the server's quota)` };
    return { ...error, text: `${file}: ${error.message}` };
  });
}

export function loadScenarioFiles(files: ScenarioSource[], quota?: SessionQuota): LoadedScenario {
  const loaded = loadScenario(files);
  if (!loaded.ok) return { ok: false, errors: errorsOf(loaded.errors) };
  const beyond = beyondQuota(files, loaded.scenario, quota);
  return beyond.length ? { ok: false, errors: beyond } : loaded;
}

export function validateScenarioFiles(files: ScenarioSource[], quota?: SessionQuota): ScenarioValidation {
  const loaded = loadScenario(files);
  if (!loaded.ok) return { ok: false, errors: errorsOf(loaded.errors) };
  const beyond = beyondQuota(files, loaded.scenario, quota);
  if (beyond.length) return { ok: false, errors: beyond };
  const s = loaded.scenario;
  const declaredNodes = s.objects.filter((o) => o.kind === "Node").length;
  return {
    ok: true,
    errors: [],
    summary: {
      name: s.name,
      title: s.title,
      description: s.description,
      ...(s.durationSeconds !== undefined ? { durationSeconds: s.durationSeconds } : {}),
      nodes: declaredNodes || DEFAULT_WORKERS.length,
      seed: s.seed,
      goals: s.goals,
      winConditions: s.winConditions.length,
      timelineSteps: s.timeline.length,
      notSimulated: s.notSimulated,
    },
  };
}

export function runScenarioJob(
  job: ScenarioJob,
): ScenarioValidation | LoadedScenario | Record<string, ParsedManifestFile> {
  switch (job.kind) {
    case "validate":
      return validateScenarioFiles(job.files, job.quota);
    case "load":
      return loadScenarioFiles(job.files, job.quota);
    case "manifests":
      return parseManifestFiles(job.files);
  }
}
