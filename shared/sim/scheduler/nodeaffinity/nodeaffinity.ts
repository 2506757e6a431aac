import {
  matches,
  newRequirement,
  type Operator,
  type Requirement,
  type Selector,
  setMatches,
} from "../../labels/selector.ts";
import type { Labels } from "../../model/meta.ts";
import type { Node } from "../../model/node.ts";
import type { NodeSelectorRequirement, NodeSelectorTerm, Pod } from "../../model/pod.ts";
import type { CycleState } from "../cyclestate.ts";
import {
  type Code,
  type FilterPlugin,
  type ScorePlugin,
  SUCCESS,
  UNSCHEDULABLE_AND_UNRESOLVABLE,
} from "../framework.ts";
import type { NodeInfo } from "../nodeinfo.ts";
import { normalizeScore } from "../normalize.ts";

/**
 * NodeAffinity (pkg/scheduler/framework/plugins/nodeaffinity, matching from
 * component-helpers/scheduling/corev1/nodeaffinity): nodeSelector AND the required terms filter;
 * the preferred terms add their weights to the score. Terms are ORed, their expressions ANDed.
 * The pod's terms are compiled once per cycle so the per-node check allocates nothing.
 */
export const NAME = "NodeAffinity";
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_CONFLICT = "pod affinity terms conflict";
/** metav1.ObjectNameField: the only field matchFields can select on. */
export const OBJECT_NAME_FIELD = "metadata.name";

/** NodeSelectorOperator as a labels operator (NodeSelectorRequirementsAsSelector). */
const OPERATORS: Record<string, Operator> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
  Gt: "gt",
  Lt: "lt",
};

/** A matchFields requirement: metadata.name In or NotIn one name. */
interface FieldRequirement {
  name: string;
  notIn: boolean;
}

/** A parsed nodeSelectorTerm; `valid` false means a parse error, which never matches. */
export interface CompiledTerm {
  labels: Selector;
  fields: FieldRequirement[];
  valid: boolean;
}

export interface NodeAffinityState {
  /** spec.nodeSelector; empty when the pod has none. */
  selector: Labels;
  /** Required terms, empty ones dropped; null when the pod has no required node affinity. */
  required: CompiledTerm[] | null;
  /** Preferred terms with their weights; null when the pod states none (PreScore Skip). */
  preferred: { weight: number; term: CompiledTerm }[] | null;
  /** PreFilter result: node names the pod can only land on (matchFields metadata.name In), or null. */
  nodeNames: Set<string> | null;
  /** PreFilter rejected the pod: every term names disjoint node sets. */
  conflict: boolean;
  /** PreFilter Skip: nothing to check at Filter. */
  skipFilter: boolean;
}

/** labels.NewRequirement's checks on operator and value count; label syntax is the API server's job. */
function compileLabelRequirement(r: NodeSelectorRequirement): Requirement | undefined {
  const operator = Object.hasOwn(OPERATORS, r.operator) ? OPERATORS[r.operator] : undefined;
  if (operator === undefined) return undefined;
  const made = newRequirement(r.key, operator, r.values ?? []);
  return made.ok ? made.requirement : undefined;
}

/** nodeSelectorRequirementsAsFieldSelector: metadata.name only, exactly one value, In or NotIn. */
function compileFieldRequirement(r: NodeSelectorRequirement): FieldRequirement | undefined {
  const values = r.values ?? [];
  if (r.key !== OBJECT_NAME_FIELD || values.length !== 1) return undefined;
  if (r.operator !== "In" && r.operator !== "NotIn") return undefined;
  return { name: values[0] as string, notIn: r.operator === "NotIn" };
}

export function isEmptyTerm(term: NodeSelectorTerm): boolean {
  return (term.matchExpressions?.length ?? 0) === 0 && (term.matchFields?.length ?? 0) === 0;
}

export function compileTerm(term: NodeSelectorTerm): CompiledTerm {
  const labels: Requirement[] = [];
  const compiled: CompiledTerm = { labels, fields: [], valid: true };
  for (const r of term.matchExpressions ?? []) {
    const requirement = compileLabelRequirement(r);
    if (requirement) labels.push(requirement);
    else compiled.valid = false;
  }
  for (const r of term.matchFields ?? []) {
    const requirement = compileFieldRequirement(r);
    if (requirement) compiled.fields.push(requirement);
    else compiled.valid = false;
  }
  return compiled;
}

export function matchesTerm(term: CompiledTerm, node: Node): boolean {
  if (!term.valid || !matches(term.labels, node.metadata.labels)) return false;
  const fields = term.fields;
  for (let i = 0; i < fields.length; i++) {
    const r = fields[i] as FieldRequirement;
    if ((r.name === node.metadata.name) === r.notIn) return false;
  }
  return true;
}

/** RequiredNodeAffinity.Match: nodeSelector first, then any required term. */
export function matchesRequired(state: NodeAffinityState, node: Node): boolean {
  if (!setMatches(state.selector, node.metadata.labels)) return false;
  const required = state.required;
  if (required === null) return true;
  for (let i = 0; i < required.length; i++) {
    if (matchesTerm(required[i] as CompiledTerm, node)) return true;
  }
  return false;
}

function intersect(a: Set<string> | null, b: Set<string>): Set<string> {
  if (a === null) return b;
  const both = new Set<string>();
  for (const name of a) if (b.has(name)) both.add(name);
  return both;
}

/** PreFilter's node-name shortcut: each term's metadata.name In sets intersected, the terms' sets unioned. */
function requiredNodeNames(terms: readonly NodeSelectorTerm[]): {
  names: Set<string> | null;
  conflict: boolean;
} {
  if (terms.length === 0) return { names: null, conflict: false };
  let names: Set<string> | null = null;
  for (const term of terms) {
    let termNames: Set<string> | null = null;
    for (const r of term.matchFields ?? []) {
      if (r.key !== OBJECT_NAME_FIELD || r.operator !== "In") continue;
      termNames = intersect(termNames, new Set(r.values ?? []));
    }
    // A term without a name restriction admits every node, and the terms are ORed.
    if (termNames === null) return { names: null, conflict: false };
    names = names === null ? termNames : new Set([...names, ...termNames]);
  }
  if (names !== null && names.size === 0) return { names: null, conflict: true };
  return { names, conflict: false };
}

/** PreFilter and PreScore state, compiled once per scheduling cycle. */
export function compileNodeAffinity(pod: Pod): NodeAffinityState {
  const affinity = pod.spec.affinity?.nodeAffinity;
  const requiredSelector = affinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const selector = pod.spec.nodeSelector ?? {};
  const terms = requiredSelector?.nodeSelectorTerms ?? [];
  const { names, conflict } = requiredNodeNames(terms);
  const preferredTerms = affinity?.preferredDuringSchedulingIgnoredDuringExecution;
  return {
    selector,
    required: requiredSelector ? terms.filter((t) => !isEmptyTerm(t)).map(compileTerm) : null,
    preferred: preferredTerms
      ? preferredTerms
          .filter((p) => p.weight !== 0 && !isEmptyTerm(p.preference))
          .map((p) => ({ weight: p.weight, term: compileTerm(p.preference) }))
      : null,
    nodeNames: names,
    conflict,
    skipFilter: !requiredSelector && pod.spec.nodeSelector === undefined,
  };
}

export const nodeAffinityFilter: FilterPlugin = {
  name: NAME,
  filter(state: CycleState, info: NodeInfo): Code {
    const affinity = state.nodeAffinity;
    if (affinity.skipFilter) return SUCCESS;
    return matchesRequired(affinity, info.node) ? SUCCESS : UNSCHEDULABLE_AND_UNRESOLVABLE;
  },
  reasons(): string[] {
    return [ERR_REASON_POD];
  },
};

export const nodeAffinityScore: ScorePlugin = {
  name: NAME,
  preScore(state: CycleState): boolean {
    return state.nodeAffinity.preferred !== null;
  },
  score(state: CycleState, info: NodeInfo): number {
    const preferred = state.nodeAffinity.preferred;
    if (preferred === null) return 0;
    let count = 0;
    for (let i = 0; i < preferred.length; i++) {
      const p = preferred[i] as { weight: number; term: CompiledTerm };
      if (matchesTerm(p.term, info.node)) count += p.weight;
    }
    return count;
  },
  normalize: normalizeScore,
};
