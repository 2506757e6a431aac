import {
  labelSelectorAsSelector,
  matches,
  newRequirement,
  type Requirement,
  type Selector,
} from "../../labels/selector.ts";
import type { Labels } from "../../model/meta.ts";
import type { Pod, PodAffinityTerm } from "../../model/pod.ts";
import type { LabelSelector } from "../../model/workload.ts";

/**
 * framework.AffinityTerm (pkg/scheduler/framework/types.go): a pod (anti-)affinity term parsed once.
 * A missing labelSelector is labels.Nothing() (the term matches no pod); `{}` is Everything. The term
 * looks in `namespaces`, or in the pod's own namespace when it names neither namespaces nor a
 * namespaceSelector, and in every namespace whose labels the namespaceSelector matches.
 */
export interface AffinityTerm {
  /** null: labels.Nothing(). */
  selector: Selector | null;
  namespaces: ReadonlySet<string>;
  /** null: labels.Nothing() (no namespaceSelector). */
  namespaceSelector: Selector | null;
  topologyKey: string;
}

export interface WeightedAffinityTerm {
  term: AffinityTerm;
  weight: number;
}

/** A pod's terms, as framework.PodInfo holds them. */
export interface PodTerms {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: WeightedAffinityTerm[];
  preferredAntiAffinity: WeightedAffinityTerm[];
}

const NO_TERMS: PodTerms = Object.freeze({
  requiredAffinity: [],
  requiredAntiAffinity: [],
  preferredAffinity: [],
  preferredAntiAffinity: [],
});

function asSelector(selector: LabelSelector | undefined): Selector | null {
  if (selector === undefined) return null;
  const converted = labelSelectorAsSelector(selector);
  // An invalid selector cannot reach the scheduler (the API server refuses it); were it to, it matches nothing.
  return converted.ok ? converted.selector : null;
}

/**
 * matchLabelKeys and mismatchLabelKeys (beta and on by default in v1.31): the API server merges
 * `key in (value)` and `key notin (value)` of the pod's own labels into the term's selector.
 */
function withLabelKeys(selector: Selector | null, term: PodAffinityTerm, labels: Labels): Selector | null {
  if (selector === null) return null;
  const extra: Requirement[] = [];
  for (const [keys, operator] of [
    [term.matchLabelKeys, "in"],
    [term.mismatchLabelKeys, "notin"],
  ] as const) {
    for (const key of keys ?? []) {
      if (!Object.hasOwn(labels, key)) continue;
      const made = newRequirement(key, operator, [labels[key] as string]);
      if (made.ok) extra.push(made.requirement);
    }
  }
  return extra.length === 0 ? selector : [...selector, ...extra];
}

export function newAffinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm {
  const own = (term.namespaces?.length ?? 0) === 0 && term.namespaceSelector === undefined;
  return {
    selector: withLabelKeys(asSelector(term.labelSelector), term, pod.metadata.labels),
    namespaces: new Set(own ? [pod.metadata.namespace] : (term.namespaces ?? [])),
    namespaceSelector: asSelector(term.namespaceSelector),
    topologyKey: term.topologyKey,
  };
}

const memo = new WeakMap<Pod, PodTerms>();

/** The pod's terms, parsed once per pod object (a memo: a pod's spec never changes). */
export function podTerms(pod: Pod): PodTerms {
  const affinity = pod.spec.affinity;
  if (affinity?.podAffinity === undefined && affinity?.podAntiAffinity === undefined) return NO_TERMS;
  const cached = memo.get(pod);
  if (cached) return cached;
  const weighted = (terms: { weight: number; podAffinityTerm: PodAffinityTerm }[] | undefined) =>
    (terms ?? []).map((w) => ({ weight: w.weight, term: newAffinityTerm(pod, w.podAffinityTerm) }));
  const terms: PodTerms = {
    requiredAffinity: (affinity.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      newAffinityTerm(pod, t),
    ),
    requiredAntiAffinity: (
      affinity.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []
    ).map((t) => newAffinityTerm(pod, t)),
    preferredAffinity: weighted(affinity.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinity: weighted(
      affinity.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
    ),
  };
  // Terms read the pod's labels only through matchLabelKeys; a pod using them is parsed each time.
  const usesLabels = [
    ...(affinity.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(affinity.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
  ].some((t) => t.matchLabelKeys || t.mismatchLabelKeys);
  if (!usesLabels) memo.set(pod, terms);
  return terms;
}

/** AffinityTerm.Matches: the pod is in a namespace the term looks in, and the selector matches its labels. */
export function termMatches(term: AffinityTerm, pod: Pod, namespaceLabels: Labels | undefined): boolean {
  if (term.selector === null) return false;
  const inNamespace =
    term.namespaces.has(pod.metadata.namespace) ||
    (term.namespaceSelector !== null && matches(term.namespaceSelector, namespaceLabels ?? {}));
  return inNamespace && matches(term.selector, pod.metadata.labels);
}

/** podMatchesAllAffinityTerms: false for no terms. */
export function matchesAllTerms(
  terms: readonly AffinityTerm[],
  pod: Pod,
  namespaceLabels: Labels | undefined,
): boolean {
  if (terms.length === 0) return false;
  for (const term of terms) if (!termMatches(term, pod, namespaceLabels)) return false;
  return true;
}

/** A topology domain: "key\0value" (topologyPair). */
export function topologyPair(key: string, value: string): string {
  return `${key}\u0000${value}`;
}
