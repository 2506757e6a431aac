import { decodeManifest } from "../sim/api/decode.ts";
import { kindInfo } from "../sim/api/gvk.ts";
import { isPlainObject } from "../sim/api/schema.ts";
import type { DecodedObject } from "../sim/api/types.ts";
import type { AutoscalingSpec } from "../sim/autoscaler/spec.ts";
import type { RegistryOptions } from "../sim/catalogue/registries.ts";
import {
  type ClusterSpec,
  clusterSpecOf,
  DEFAULT_START_TIME,
  DEFAULT_WORKERS,
  type StoredDocument,
  SYSTEM_NAMESPACES,
} from "../sim/engine/spec.ts";
import type { ImageManifest } from "../sim/model/registry.ts";
import type { TimelineStep } from "../sim/model/state.ts";
import {
  checkDocument,
  type DocProblem,
  SCENARIO_API_VERSION,
  ScenarioDocument,
  type WinCondition,
  zodProblems,
} from "./document.ts";
import { documentLabel, type ScenarioError } from "./errors.ts";
import { buildImages } from "./images.ts";
import { parseTimeline, prefixFieldError, type TimelineResult } from "./timeline.ts";
import type { ScenarioTranslations } from "./translations.ts";
import { lineOf, type ParsedDocument, parseYamlFile } from "./yaml.ts";

/** @deprecated The engine's DEFAULT_WORKERS (shared/sim/engine/spec.ts), under the name callers used. */
export { DEFAULT_WORKERS as DEFAULT_CLUSTER_NODES } from "../sim/engine/spec.ts";
export { formatScenarioError, type ScenarioError } from "./errors.ts";

/**
 * Scenario files: Kubernetes manifests (what `kubectl apply -f` would create at the start) plus at most one
 * `kubeclass.dev/v1` Scenario document (title, seed, registries, images, timeline). Pure: it takes the
 * texts, so the server reads files and the client can check an upload with the same code.
 */
export interface ScenarioSource {
  file: string;
  text: string;
}

/** The cluster a scenario starts with (the engine's input), and what the game adds around it. */
export interface Scenario extends ClusterSpec {
  title: string;
  description: string;
  durationSeconds?: number;
  /** Learning goals, shown in the lobby. */
  goals: string[];
  /** What the class must achieve; checked at the end (see goals.ts). */
  winConditions: WinCondition[];
  /** Notes for the debrief: what to look at and why it happened. */
  debrief: string[];
  /** Title, description, goals and debrief in other languages, by language tag (see translations.ts). */
  translations?: ScenarioTranslations;
  /** Control-plane machines: a Raft cluster of 1, 3 or 5. */
  controlPlaneReplicas: 1 | 3 | 5;
}

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

export interface LoadOptions {
  /** Nodes of the cluster the engine builds when a scenario declares none (for checking timeline references). */
  defaultNodes?: readonly string[];
}

interface Loaded {
  object: DecodedObject;
  parsed: ParsedDocument;
  prefix: string;
  apiVersion: string;
}

const BAD_VALUE = /: (?:Invalid|Unsupported|Duplicate) value: ("(?:[^"\\]|\\.)*")/;

function badValueOf(message: string): string | undefined {
  const quoted = BAD_VALUE.exec(message)?.[1];
  try {
    return quoted ? (JSON.parse(quoted) as string) : undefined;
  } catch {
    return undefined;
  }
}

function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.(ya?ml|json)$/i, "");
}

function metaOf(value: unknown): { kind?: string; name?: string } {
  const v = isPlainObject(value) ? value : {};
  const meta = isPlainObject(v.metadata) ? v.metadata : {};
  return {
    kind: typeof v.kind === "string" && v.kind ? v.kind : undefined,
    name: typeof meta.name === "string" && meta.name ? meta.name : undefined,
  };
}

export function loadScenario(sources: ScenarioSource[], options: LoadOptions = {}): LoadResult {
  const errors: ScenarioError[] = [];
  const notSimulated: string[] = [];
  const loaded: Loaded[] = [];
  const stored: { document: StoredDocument; parsed: ParsedDocument; prefix: string }[] = [];
  let scenarioDoc: { parsed: ParsedDocument; value: Record<string, unknown> } | undefined;

  const report = (parsed: ParsedDocument, id: { kind?: string; name?: string }, problems: DocProblem[]) => {
    for (const p of problems) {
      const line = lineOf(parsed, p.field, badValueOf(p.message));
      errors.push({
        file: parsed.file,
        document: parsed.index,
        ...(id.kind ? { kind: id.kind } : {}),
        ...(id.name ? { name: id.name } : {}),
        ...(p.field ? { field: p.field } : {}),
        message: p.message,
        ...(line !== undefined ? { line } : {}),
      });
    }
  };

  const decodeOne = (parsed: ParsedDocument, value: unknown, prefix: string) => {
    const result = decodeManifest(value);
    const id = metaOf(value);
    const label = documentLabel(
      parsed.file,
      parsed.index,
      result.ok ? (result.object ? result.object.kind : result.kind) : id.kind,
      id.name,
    );
    if (!result.ok) {
      report(
        parsed,
        { kind: result.kind ?? id.kind, name: result.name ?? id.name },
        result.errors.map((e) => prefixFieldError(e, prefix)),
      );
      return;
    }
    const at = prefix ? `${prefix}.` : "";
    if (result.object === null) {
      notSimulated.push(`${label}: ${at ? `${prefix}: ` : ""}kind ${result.kind} is not simulated`);
      // stored as written all the same (not the Events a file may hold), so kubectl lists it
      if (result.kind !== "Event" && isPlainObject(value))
        stored.push({
          document: {
            kind: result.kind,
            apiVersion: result.apiVersion,
            metadata: result.metadata,
            manifest: value,
          },
          parsed,
          prefix,
        });
    } else {
      const apiVersion = isPlainObject(value) && typeof value.apiVersion === "string" ? value.apiVersion : "";
      loaded.push({ object: result.object, parsed, prefix, apiVersion });
    }
    for (const p of result.notSimulated) notSimulated.push(`${label}: ${at}${p} is not simulated`);
  };

  for (const source of sources) {
    const { documents, errors: yamlErrors } = parseYamlFile(source.file, source.text);
    errors.push(...yamlErrors);
    for (const parsed of documents) {
      const value = parsed.value;
      if (isPlainObject(value) && value.apiVersion === SCENARIO_API_VERSION && value.kind === "Scenario") {
        if (scenarioDoc) {
          const first = documentLabel(scenarioDoc.parsed.file, scenarioDoc.parsed.index);
          report(parsed, metaOf(value), [
            { field: "", message: `a scenario has at most one Scenario document (the first is ${first})` },
          ]);
        } else scenarioDoc = { parsed, value };
      } else if (
        isPlainObject(value) &&
        value.apiVersion === "v1" &&
        value.kind === "List" &&
        Array.isArray(value.items)
      ) {
        value.items.forEach((item, i) => {
          decodeOne(parsed, item, `items[${i}]`);
        });
      } else decodeOne(parsed, value, "");
    }
  }

  // The Scenario document.
  let doc: ScenarioDocument | undefined;
  let startTime = DEFAULT_START_TIME;
  let registries: RegistryOptions[] = [];
  let images: ImageManifest[] = [];
  let layers: Record<string, number> = {};
  let timeline: TimelineStep[] = [];
  let autoscaling: AutoscalingSpec | undefined;
  const declaredNodes = new Set<string>();
  const references: TimelineResult["references"] = [];
  if (scenarioDoc) {
    const { parsed, value } = scenarioDoc;
    const id = { kind: "Scenario", ...(metaOf(value).name ? { name: metaOf(value).name } : {}) };
    const result = ScenarioDocument.safeParse(value, { reportInput: true });
    if (!result.success) report(parsed, id, zodProblems(result.error.issues));
    else {
      doc = result.data;
      const checked = checkDocument(doc);
      report(parsed, id, checked.problems);
      startTime = checked.startTime;
      registries = checked.registries;
      autoscaling = checked.autoscaling;
      const built = buildImages(checked.images, registries);
      report(
        parsed,
        id,
        built.problems.map((p) => ({ field: p.field, message: `${p.field}: ${p.message}` })),
      );
      images = built.images;
      layers = built.layers;
      const parsedTimeline = parseTimeline(doc.spec?.timeline ?? [], doc.spec?.durationSeconds);
      report(parsed, id, parsedTimeline.problems);
      const label = documentLabel(parsed.file, parsed.index, "Scenario", doc.metadata.name);
      for (const note of parsedTimeline.notSimulated) notSimulated.push(`${label}: ${note}`);
      timeline = parsedTimeline.steps;
      for (const o of parsedTimeline.applied) if (o.kind === "Node") declaredNodes.add(o.metadata.name);
      references.push(...parsedTimeline.references);
    }
  }

  // Objects: unique by kind, namespace and name, in namespaces that exist.
  const seen = new Map<string, Loaded>();
  const namespaces = new Set<string>(SYSTEM_NAMESPACES);
  for (const l of loaded) if (l.object.kind === "Namespace") namespaces.add(l.object.metadata.name);
  for (const l of loaded) {
    const { object, parsed, prefix } = l;
    const ns = object.metadata.namespace;
    const key = `${object.kind}/${ns ?? ""}/${object.metadata.name}`;
    const id = { kind: object.kind, name: object.metadata.name };
    const at = prefix ? `${prefix}.` : "";
    const first = seen.get(key);
    if (first) {
      const info = kindInfo(object.kind);
      const group = l.apiVersion.includes("/") ? `.${l.apiVersion.split("/")[0]}` : "";
      const resource = `${info?.plural ?? object.kind.toLowerCase()}${group}`;
      const where = documentLabel(first.parsed.file, first.parsed.index);
      report(parsed, id, [
        {
          field: `${at}metadata.name`,
          message: `${resource} "${object.metadata.name}" already exists (declared first in ${where})`,
        },
      ]);
      continue;
    }
    seen.set(key, l);
    if (ns !== undefined && !namespaces.has(ns)) {
      report(parsed, id, [{ field: `${at}metadata.namespace`, message: `namespaces "${ns}" not found` }]);
    }
    if (object.kind === "Node") declaredNodes.add(object.metadata.name);
  }
  for (const { document, parsed, prefix } of stored) {
    const ns = document.metadata.namespace;
    if (ns !== undefined && !namespaces.has(ns)) {
      const field = `${prefix ? `${prefix}.` : ""}metadata.namespace`;
      report(parsed, { kind: document.kind, name: document.metadata.name }, [
        { field, message: `namespaces "${ns}" not found` },
      ]);
    }
  }

  // Timeline references must name a node or registry of this scenario.
  if (scenarioDoc) {
    const nodes = declaredNodes.size ? declaredNodes : new Set(options.defaultNodes ?? DEFAULT_WORKERS);
    const registryNames = new Set(["dockerhub", ...registries.map((r) => r.name)]);
    const replicas = doc?.spec?.controlPlane?.replicas ?? 1;
    const masters = new Set(Array.from({ length: replicas }, (_, i) => `master-${i + 1}`));
    const problems: DocProblem[] = [];
    for (const ref of references) {
      const known = ref.kind === "node" ? nodes : ref.kind === "master" ? masters : registryNames;
      if (!known.has(ref.name)) {
        const list = [...known].map((n) => JSON.stringify(n)).join(", ");
        problems.push({
          field: ref.field,
          message: `${ref.field}: Not found: ${JSON.stringify(ref.name)}: known ${ref.kind === "node" ? "nodes" : ref.kind === "master" ? "masters" : "registries"}: ${list}`,
        });
      }
    }
    report(scenarioDoc.parsed, { kind: "Scenario", name: doc?.metadata.name }, problems);
  }

  if (errors.length) return { ok: false, errors };
  const name = doc?.metadata.name ?? baseName(sources[0]?.file ?? "scenario");
  const spec = doc?.spec ?? {};
  const objects = [
    ...loaded.filter((l) => l.object.kind === "Namespace"),
    ...loaded.filter((l) => l.object.kind !== "Namespace"),
  ];
  const scenario: Scenario = {
    name,
    title: spec.title ?? name,
    description: spec.description ?? "",
    seed: spec.seed ?? 1,
    startTime,
    ...(spec.durationSeconds !== undefined ? { durationSeconds: spec.durationSeconds } : {}),
    goals: spec.goals ?? [],
    winConditions: spec.winConditions ?? [],
    debrief: spec.debrief ?? [],
    ...(spec.translations ? { translations: spec.translations } : {}),
    controlPlaneReplicas: spec.controlPlane?.replicas ?? 1,
    traffic: (spec.traffic ?? []).map((t) => ({
      service: t.service,
      namespace: t.namespace ?? "default",
      rps: t.rps,
    })),
    registries,
    images,
    layers,
    objects: objects.map((l) => l.object),
    timeline,
    notSimulated,
    ...(stored.length ? { stored: stored.map((s) => s.document) } : {}),
    ...(autoscaling ? { autoscaling } : {}),
  };
  return { ok: true, scenario };
}

/** A scenario built in code (benchmarks, tests): defaults for every field not given. */
export function scenarioOf(fields: Partial<Scenario> & { name: string }): Scenario {
  return {
    ...clusterSpecOf(fields),
    title: fields.name,
    description: "",
    goals: [],
    winConditions: [],
    debrief: [],
    controlPlaneReplicas: 1,
    ...fields,
  };
}
