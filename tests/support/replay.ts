import { type MatchRecord, parseMatchRecord } from "../../shared/replay/record.ts";
import { type Mismatch, Replay } from "../../shared/replay/replay.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";

/**
 * Re-simulates an exported match with the shared Replay (as a debrief would): checks the file against
 * its schema, plays it to its end tick verifying every checkpoint, and returns the engine there.
 */
export function replayOf(match: MatchRecord): { engine: Engine; mismatches: Mismatch[] } {
  const parsed = parseMatchRecord(JSON.parse(JSON.stringify(match)));
  if (!parsed.ok) throw new Error(parsed.error);
  const loaded = Replay.load(parsed.record);
  if (!loaded.ok) throw new Error(loaded.error);
  const mismatches = loaded.replay.prepare();
  return { engine: loaded.replay.current, mismatches };
}
