import { z } from "zod";
import { SIMULATION_VERSION } from "../sim/engine/version.ts";

/**
 * A match as one versioned file: the scenario's own text (so a replay never depends on files that may
 * change), the seed, every command with the tick it was applied at, who held which seat, and state
 * hashes taken during the match so a re-simulation can prove it reproduced the same cluster.
 *
 * Tick semantics: a command recorded at tick T was applied when `engine.state.tick === T`, after the
 * engine's T-th tick and before its next one. A checkpoint at tick T hashes the state right after the
 * T-th tick, before that tick's commands.
 */
export const MATCH_FORMAT = "kubeclass.match";
export const MATCH_VERSION = 1;

const id = z.string().min(1).max(200);
const tick = z.number().int().min(0);

export const RecordedCommand = z.strictObject({
  seq: z.number().int().min(0),
  tick,
  seat: z.string().min(1).max(300),
  player: id.optional(),
  /** The command as sent; re-validated by the engine when replayed. */
  command: z.record(z.string(), z.unknown()),
  ok: z.boolean(),
  message: z.string().max(10_000).optional(),
});
export type RecordedCommand = z.infer<typeof RecordedCommand>;

export const MatchRecord = z.strictObject({
  format: z.literal(MATCH_FORMAT),
  version: z.literal(MATCH_VERSION),
  id,
  scenario: z.strictObject({ name: z.string().min(1), title: z.string() }),
  scenarioFiles: z
    .array(z.strictObject({ file: z.string().min(1).max(300), text: z.string().max(2_000_000) }))
    .min(1),
  seed: z.number().int().min(0),
  /**
   * The SIMULATION_VERSION of the engine that recorded it (absent in files from before it was kept): a
   * replay by another version may differ from the record, and says why.
   */
  simulation: z.number().int().min(1).optional(),
  /** Wall-clock times (ISO 8601) of the match. */
  createdAt: z.string(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  /** The last tick the match reached. */
  endTick: tick,
  outcome: z.string().max(1000).optional(),
  players: z.array(z.strictObject({ id, nickname: z.string().max(100) })),
  occupancy: z.array(
    z.strictObject({ player: id, seat: z.string().min(1), fromTick: tick, toTick: tick.optional() }),
  ),
  commands: z.array(RecordedCommand),
  checkpoints: z.array(z.strictObject({ tick, hash: z.string().regex(/^[0-9a-f]{16}$/) })),
});
export type MatchRecord = z.infer<typeof MatchRecord>;

export type ParsedRecord = { ok: true; record: MatchRecord } | { ok: false; error: string };

/** Reads an exported match (already JSON-parsed), with a clear error for a wrong or damaged file. */
export function parseMatchRecord(data: unknown): ParsedRecord {
  const format = (data as { format?: unknown } | null)?.format;
  if (format !== MATCH_FORMAT)
    return { ok: false, error: `not a kubeclass match file (format is ${JSON.stringify(format)})` };
  const version = (data as { version?: unknown }).version;
  if (version !== MATCH_VERSION) {
    return {
      ok: false,
      error: `match file version ${JSON.stringify(version)} is not supported (this server reads version ${MATCH_VERSION})`,
    };
  }
  const parsed = MatchRecord.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `invalid match file: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`,
    };
  }
  return { ok: true, record: parsed.data };
}

/** Whether a match was recorded by another version of the simulation (so its replay may differ). */
export function recordedByOtherSimulation(simulation: number | undefined): boolean {
  return simulation !== SIMULATION_VERSION;
}
