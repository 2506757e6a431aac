import { z } from "zod";
import { formatBadValue } from "../sim/api/fielderrors.ts";
import { isDNS1123Subdomain } from "../sim/api/names.ts";
import type { AutoscalingSpec } from "../sim/autoscaler/spec.ts";
import { PROVIDERS } from "../sim/catalogue/providers.ts";
import { DEFAULT_HOSTS, type RegistryOptions } from "../sim/catalogue/registries.ts";
import { SCENARIO_ACTIONS } from "../sim/commands.ts";
import { parseDuration } from "../sim/duration.ts";
import { DEFAULT_START_TIME } from "../sim/engine/spec.ts";

export { DEFAULT_START_TIME };

import type { ImageSpec } from "./images.ts";
import { checkTranslations, ScenarioTranslations } from "./translations.ts";

/**
 * The `kubeclass.dev/v1` Scenario document: strict like a Kubernetes kind (an unknown field is an error),
 * with errors worded the API server's way at their field path.
 */
export const SCENARIO_API_VERSION = "kubeclass.dev/v1";

const names = z.array(z.string());
const number = z.union([z.string(), z.number()]);

const RegistrySpec = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(["local", "dockerhub", "ecr", "gar", "acr"]),
  host: z.string().min(1).optional(),
  requiresCredentials: z.boolean().optional(),
  pullSecrets: names.optional(),
  rateLimit: z.strictObject({ pulls: z.number().int().positive(), window: number }).optional(),
});

const ImageSpecSchema = z.strictObject({
  image: z.string().min(1),
  tags: z.array(z.string().min(1)).min(1),
  from: z.string().min(1).optional(),
  layers: z.array(z.strictObject({ size: number, name: z.string().min(1).optional() })).optional(),
  entrypoint: names.optional(),
  cmd: names.optional(),
});

/** What the class must achieve, checked against the cluster at the end of the scenario. */
const ns = { namespace: z.string().min(1).optional() };
export const WinCondition = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("PodRunning"), name: z.string().min(1), ...ns }),
  z.strictObject({
    type: z.literal("PodsRunning"),
    selector: z.record(z.string(), z.string()),
    count: z.number().int().min(0),
    ...ns,
  }),
  z.strictObject({
    type: z.literal("DeploymentAvailable"),
    name: z.string().min(1),
    replicas: z.number().int().min(0).optional(),
    ...ns,
  }),
  z.strictObject({
    type: z.literal("DeploymentImage"),
    name: z.string().min(1),
    image: z.string().min(1),
    ...ns,
  }),
  z.strictObject({ type: z.literal("NoPendingPods"), ...ns }),
  z.strictObject({ type: z.literal("NodesReady"), count: z.number().int().min(0) }),
  z.strictObject({
    type: z.literal("ServiceSLO"),
    service: z.string().min(1),
    successRate: z.number().min(0).max(1),
    window: number.optional(),
    ...ns,
  }),
  z.strictObject({ type: z.literal("MaxCostPerHour"), dollars: z.number().min(0) }),
]);
export type WinCondition = z.infer<typeof WinCondition>;

/** `at` and `action`; the other fields are the command's and are checked against its schema. */
const TimelineEntry = z.looseObject({ at: number, action: z.enum(SCENARIO_ACTIONS) });

export const ScenarioDocument = z.strictObject({
  apiVersion: z.literal(SCENARIO_API_VERSION),
  kind: z.literal("Scenario"),
  metadata: z.strictObject({
    name: z.string().min(1),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: z
    .strictObject({
      title: z.string().optional(),
      description: z.string().optional(),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 32 - 1)
        .optional(),
      startTime: z.string().optional(),
      durationSeconds: z.number().positive().optional(),
      registries: z.array(RegistrySpec).optional(),
      images: z.array(ImageSpecSchema).optional(),
      timeline: z.array(TimelineEntry).optional(),
      goals: z.array(z.string().min(1)).optional(),
      winConditions: z.array(WinCondition).optional(),
      debrief: z.array(z.string().min(1)).optional(),
      /** The texts above in other languages, by language tag (see translations.ts). */
      translations: ScenarioTranslations.optional(),
      controlPlane: z
        .strictObject({ replicas: z.union([z.literal(1), z.literal(3), z.literal(5)]) })
        .optional(),
      /** Node groups for the cluster autoscaler (and an autoscaler seat). */
      autoscaling: z
        .strictObject({
          nodeGroups: z
            .array(
              z.strictObject({
                name: z.string().min(1).max(63),
                provider: z.enum(["local", "aws", "gcp", "azure"]),
                instanceType: z.string().min(1),
                min: z.number().int().min(0).max(1000),
                max: z.number().int().min(1).max(1000),
                spot: z.boolean().optional(),
              }),
            )
            .min(1),
          scaleDownUnneededTime: number.optional(),
          scaleDownDelayAfterAdd: number.optional(),
          scaleDownUtilizationThreshold: z.number().min(0).max(1).optional(),
        })
        .optional(),
      traffic: z
        .array(
          z.strictObject({
            service: z.string().min(1),
            namespace: z.string().min(1).optional(),
            rps: z.number().min(0).max(100_000),
          }),
        )
        .optional(),
    })
    .optional(),
});

export type ScenarioDocument = z.infer<typeof ScenarioDocument>;
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export interface DocProblem {
  field: string;
  message: string;
}

/** field.Path's spelling of a zod path: `spec.timeline[2].at`. */
export function fieldPath(path: readonly PropertyKey[], prefix = ""): string {
  let out = prefix;
  for (const p of path)
    out = typeof p === "number" ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p);
  return out;
}

function shown(value: unknown): string {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return formatBadValue(value);
  return JSON.stringify(value) ?? "null";
}

const EXPECTED: Record<string, string> = {
  string: "must be a string",
  number: "must be a number",
  int: "must be an integer",
  boolean: "must be a boolean",
  array: "must be a list",
  object: "must be an object",
  record: "must be a map",
};

/** Zod issues in the API server's words. */
export function zodProblems(issues: readonly z.core.$ZodIssue[], prefix = ""): DocProblem[] {
  const out: DocProblem[] = [];
  for (const issue of issues) {
    const field = fieldPath(issue.path, prefix);
    const input = (issue as { input?: unknown }).input;
    const at = (message: string) => out.push({ field, message: `${field}: ${message}` });
    switch (issue.code) {
      case "unrecognized_keys":
        for (const k of issue.keys) {
          const f = fieldPath([...issue.path, k], prefix);
          out.push({ field: f, message: `unknown field ${JSON.stringify(f)}` });
        }
        break;
      case "invalid_type":
        if (input === undefined) at("Required value");
        else at(`Invalid value: ${shown(input)}: ${EXPECTED[issue.expected] ?? `must be ${issue.expected}`}`);
        break;
      case "invalid_value":
        at(
          `Unsupported value: ${shown(input)}: supported values: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
        );
        break;
      case "too_small":
        if (issue.origin === "array" || issue.origin === "string") at("Required value");
        else
          at(
            `Invalid value: ${shown(input)}: must be greater than ${issue.inclusive ? "or equal to " : ""}${issue.minimum}`,
          );
        break;
      case "too_big":
        at(
          `Invalid value: ${shown(input)}: must be less than ${issue.inclusive ? "or equal to " : ""}${issue.maximum}`,
        );
        break;
      case "invalid_union": {
        const expected = issue.errors.flatMap((list) =>
          list.flatMap((i) => (i.code === "invalid_type" && i.path.length === 0 ? [i.expected] : [])),
        );
        if (input === undefined) at("Required value");
        else if (expected.length) at(`Invalid value: ${shown(input)}: must be a ${expected.join(" or a ")}`);
        else at(`Invalid value: ${shown(input)}: ${issue.message}`);
        break;
      }
      default:
        at(`Invalid value: ${shown(input)}: ${issue.message}`);
    }
  }
  return out;
}

export const DURATION_HINT = 'must be a duration such as "90s", "1m30s" or "500ms"';
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** The checks zod's shapes do not express: names, times, durations, unique registries, translations. */
export function checkDocument(doc: ScenarioDocument): {
  problems: DocProblem[];
  startTime: number;
  registries: RegistryOptions[];
  images: ImageSpec[];
  autoscaling?: AutoscalingSpec;
} {
  const problems: DocProblem[] = [];
  const problem = (field: string, message: string) =>
    problems.push({ field, message: `${field}: ${message}` });
  for (const m of isDNS1123Subdomain(doc.metadata.name)) {
    problem("metadata.name", `Invalid value: ${JSON.stringify(doc.metadata.name)}: ${m}`);
  }
  const spec = doc.spec ?? {};
  let startTime = DEFAULT_START_TIME;
  if (spec.startTime !== undefined) {
    const parsed = RFC3339.test(spec.startTime) ? Date.parse(spec.startTime) : Number.NaN;
    if (Number.isNaN(parsed)) {
      problem(
        "spec.startTime",
        `Invalid value: ${JSON.stringify(spec.startTime)}: must be an RFC 3339 time such as "2025-01-01T09:00:00Z"`,
      );
    } else startTime = parsed;
  }
  const registries: RegistryOptions[] = [];
  const seenNames = new Set<string>();
  const seenHosts = new Set<string>();
  (spec.registries ?? []).forEach((r, i) => {
    const path = `spec.registries[${i}]`;
    for (const m of isDNS1123Subdomain(r.name))
      problem(`${path}.name`, `Invalid value: ${JSON.stringify(r.name)}: ${m}`);
    if (seenNames.has(r.name)) problem(`${path}.name`, `Duplicate value: ${JSON.stringify(r.name)}`);
    seenNames.add(r.name);
    // Image references name a registry by host, so two registries may not share one; Docker Hub's host
    // belongs to the built-in "dockerhub", which a registry of that name replaces.
    const host = r.host ?? DEFAULT_HOSTS[r.kind];
    if (seenHosts.has(host) || (host === DEFAULT_HOSTS.dockerhub && r.name !== "dockerhub")) {
      const detail = seenHosts.has(host) ? "" : ': Docker Hub is the registry named "dockerhub"';
      problem(`${path}.host`, `Duplicate value: ${JSON.stringify(host)}${detail}`);
    }
    seenHosts.add(host);
    let rateLimit: RegistryOptions["rateLimit"];
    if (r.rateLimit) {
      const ms = parseDuration(r.rateLimit.window);
      if (ms === undefined || ms <= 0) {
        problem(`${path}.rateLimit.window`, `Invalid value: ${shown(r.rateLimit.window)}: ${DURATION_HINT}`);
      } else rateLimit = { pulls: r.rateLimit.pulls, windowSeconds: ms / 1000 };
    }
    const { rateLimit: _ignored, ...rest } = r;
    registries.push({ ...rest, ...(rateLimit ? { rateLimit } : {}) });
  });
  problems.push(...checkTranslations(spec));
  let autoscaling: AutoscalingSpec | undefined;
  if (spec.autoscaling) {
    const a = spec.autoscaling;
    const seconds = (field: string, value: string | number | undefined) => {
      if (value === undefined) return undefined;
      const ms = parseDuration(value);
      if (ms === undefined || ms < 0) {
        problem(`spec.autoscaling.${field}`, `Invalid value: ${shown(value)}: ${DURATION_HINT}`);
        return undefined;
      }
      return ms / 1000;
    };
    const groupNames = new Set<string>();
    a.nodeGroups.forEach((g, i) => {
      const path = `spec.autoscaling.nodeGroups[${i}]`;
      if (groupNames.has(g.name)) problem(`${path}.name`, `Duplicate value: ${JSON.stringify(g.name)}`);
      groupNames.add(g.name);
      if (g.min > g.max)
        problem(`${path}.max`, `Invalid value: ${g.max}: must be greater than or equal to min (${g.min})`);
      const types = PROVIDERS[g.provider].instanceTypes.map((t) => t.name);
      if (!types.includes(g.instanceType)) {
        problem(
          `${path}.instanceType`,
          `Unsupported value: ${JSON.stringify(g.instanceType)}: supported values: ${types.map((t) => JSON.stringify(t)).join(", ")}`,
        );
      }
    });
    const unneeded = seconds("scaleDownUnneededTime", a.scaleDownUnneededTime);
    const delay = seconds("scaleDownDelayAfterAdd", a.scaleDownDelayAfterAdd);
    autoscaling = {
      nodeGroups: a.nodeGroups,
      ...(unneeded !== undefined ? { scaleDownUnneededSeconds: unneeded } : {}),
      ...(delay !== undefined ? { scaleDownDelayAfterAddSeconds: delay } : {}),
      ...(a.scaleDownUtilizationThreshold !== undefined
        ? { scaleDownUtilizationThreshold: a.scaleDownUtilizationThreshold }
        : {}),
    };
  }
  return {
    problems,
    startTime,
    registries,
    images: spec.images ?? [],
    ...(autoscaling ? { autoscaling } : {}),
  };
}
