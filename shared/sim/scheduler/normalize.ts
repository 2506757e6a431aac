import { MAX_NODE_SCORE } from "./framework.ts";

/**
 * helper.DefaultNormalizeScore (pkg/scheduler/framework/plugins/helper/normalize_score.go): scales
 * the first `count` scores so the highest becomes `maxPriority`, with Go's integer division; `reverse`
 * turns "fewer is better" counts (intolerable taints) into scores. All zero stays all zero, or all
 * `maxPriority` when reversed.
 */
export function defaultNormalizeScore(
  maxPriority: number,
  reverse: boolean,
  scores: Float64Array | number[],
  count: number = scores.length,
): void {
  let maxCount = 0;
  for (let i = 0; i < count; i++) {
    const score = scores[i] ?? 0;
    if (score > maxCount) maxCount = score;
  }
  if (maxCount === 0) {
    if (reverse) for (let i = 0; i < count; i++) scores[i] = maxPriority;
    return;
  }
  for (let i = 0; i < count; i++) {
    let score = Math.trunc((maxPriority * (scores[i] ?? 0)) / maxCount);
    if (reverse) score = maxPriority - score;
    scores[i] = score;
  }
}

/** NormalizeScore of plugins where more is better (NodeAffinity). */
export function normalizeScore(scores: Float64Array, count: number): void {
  defaultNormalizeScore(MAX_NODE_SCORE, false, scores, count);
}

/** NormalizeScore of plugins where the raw score counts something bad (TaintToleration). */
export function normalizeScoreReversed(scores: Float64Array, count: number): void {
  defaultNormalizeScore(MAX_NODE_SCORE, true, scores, count);
}
