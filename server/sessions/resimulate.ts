import type { Mismatch } from "../../shared/replay/replay.ts";
import type { Scenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";

export interface ReplayedCommand {
  seq: number;
  tick: number;
  seat: string;
  /** Who at the seat sent it (the audit log names them). */
  playerId?: string;
  command: unknown;
}

export interface Resimulated {
  engine: Engine;
  /** Recorded state hashes the re-simulation did not reproduce. */
  mismatches: Mismatch[];
  /** The hash at `endTick`, taken as a checkpoint is: after the tick, before its commands. */
  endHash: string;
}

/**
 * Re-runs a recorded match on a fresh engine up to `endTick`, with the replay's tick semantics
 * (shared/replay/record.ts): at each tick, check the recorded hash, apply that tick's commands in
 * order, then advance. The engine comes back at `endTick` with that tick's commands applied: where the
 * live session was. A command the live engine threw on is tried again and its error ignored, as live.
 */
export function resimulate(
  scenario: Scenario,
  seed: number,
  commands: readonly ReplayedCommand[],
  checkpoints: readonly { tick: number; hash: string }[],
  endTick: number,
): Resimulated {
  const engine = createEngine(scenario, { seed });
  const expected = new Map(checkpoints.map((c) => [c.tick, c.hash]));
  const byTick = new Map<number, ReplayedCommand[]>();
  for (const c of commands) {
    const list = byTick.get(c.tick) ?? [];
    list.push(c);
    byTick.set(c.tick, list);
  }
  const mismatches: Mismatch[] = [];
  let endHash = "";
  for (;;) {
    const tick = engine.state.tick;
    const hash = expected.get(tick);
    if (hash !== undefined || tick === endTick) {
      const actual = engine.hash();
      if (hash !== undefined && actual !== hash) mismatches.push({ tick, expected: hash, actual });
      if (tick === endTick) endHash = actual;
    }
    for (const c of (byTick.get(tick) ?? []).sort((a, b) => a.seq - b.seq)) {
      try {
        engine.apply(c.seat, c.command, c.playerId);
      } catch {
        // the live engine threw on it too (recorded as an error); the state it left is the same
      }
    }
    if (tick >= endTick) break;
    engine.tick();
  }
  return { engine, mismatches, endHash };
}
