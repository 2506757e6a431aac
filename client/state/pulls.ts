import type { PullView } from "../../shared/protocol/state.ts";
import { type LayerProgress, pullProgress } from "../../shared/sim/runtime/puller.ts";

/**
 * Layer progress of a synced pull at `now`, computed by the engine's own `pullProgress` (the synced
 * view writes 0 and "" for "not yet", the engine leaves those fields out).
 */
export function pullViewProgress(pull: PullView, now: number): LayerProgress[] {
  const layers: { digest: string; size: number; cached: boolean }[] = [];
  pull.layers.forEach((l) => {
    layers.push({ digest: l.digest, size: l.size, cached: l.cached });
  });
  return pullProgress(
    {
      id: pull.id,
      image: pull.image,
      ref: pull.ref,
      podUID: "",
      podKey: pull.pod,
      container: pull.container,
      enqueuedAt: pull.enqueuedAt,
      ...(pull.startedAt ? { startedAt: pull.startedAt } : {}),
      ...(pull.downloadStartAt ? { downloadStartAt: pull.downloadStartAt } : {}),
      ...(pull.bandwidth ? { bandwidth: pull.bandwidth } : {}),
      ...(pull.doneAt ? { doneAt: pull.doneAt } : {}),
      ...(pull.error ? { error: pull.error } : {}),
      layers,
    },
    now,
  );
}
