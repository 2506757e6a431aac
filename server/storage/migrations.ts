/**
 * The database schema, as an append-only list of migrations: version N brings a database from N-1 to N
 * (PRAGMA user_version). Never edit a released migration; add the next one.
 *
 * The match record is `sessions` (what was played: the scenario text, the seed) plus `commands` (every
 * command the room passed to the engine, in order, with the tick it was applied at) and `checkpoints`
 * (state hashes). Re-running the engine over the commands reproduces the match (shared/replay);
 * `players`, `seat_holds` and `session_events` say who did what.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    scenario_name TEXT NOT NULL,
    scenario_title TEXT NOT NULL,
    scenario_source TEXT NOT NULL CHECK (scenario_source IN ('builtin', 'upload')),
    -- JSON [{"file": ..., "text": ...}]: the scenario exactly as loaded, so a replay never reads files
    scenario_files TEXT NOT NULL,
    seed INTEGER NOT NULL,
    -- JSON of the session options at creation (max players, late join, seat choice ...)
    options TEXT NOT NULL,
    instructor_token_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    started_at INTEGER,
    ended_at INTEGER,
    end_reason TEXT,
    final_tick INTEGER,
    final_hash TEXT,
    -- JSON summary written at the end (players, commands, simulated seconds)
    outcome TEXT
  );
  CREATE INDEX sessions_by_code ON sessions (code, created_at);

  CREATE TABLE players (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    id TEXT NOT NULL,
    nickname TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    device_hash TEXT NOT NULL,
    ip TEXT,
    joined_at INTEGER NOT NULL,
    kicked_at INTEGER,
    banned_at INTEGER,
    PRIMARY KEY (session_id, id)
  ) WITHOUT ROWID;

  CREATE TABLE seat_holds (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    player_id TEXT NOT NULL,
    seat TEXT NOT NULL,
    from_tick INTEGER NOT NULL,
    from_at INTEGER NOT NULL,
    to_tick INTEGER,
    to_at INTEGER,
    assigned_by TEXT NOT NULL CHECK (assigned_by IN ('self', 'instructor'))
  );
  CREATE INDEX seat_holds_by_player ON seat_holds (session_id, player_id);

  CREATE TABLE commands (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    seq INTEGER NOT NULL,
    tick INTEGER NOT NULL,
    seat TEXT NOT NULL,
    player_id TEXT,
    command TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'refused', 'error')),
    result TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (session_id, seq)
  ) WITHOUT ROWID;

  -- engine.hash() right after tick N (N a multiple of CHECKPOINT_TICKS), before that tick's commands:
  -- a replay proves it reproduced the match (shared/replay)
  CREATE TABLE checkpoints (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    tick INTEGER NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (session_id, tick)
  ) WITHOUT ROWID;

  CREATE TABLE session_events (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    tick INTEGER NOT NULL,
    kind TEXT NOT NULL,
    player_id TEXT,
    detail TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
  ) WITHOUT ROWID;
  `,
  // 2: resuming live sessions after a restart, outcomes, cached debriefs, imported matches
  `
  -- the session's engine tick, written at least every simulated second while it runs
  ALTER TABLE sessions ADD COLUMN last_tick INTEGER;
  -- JSON of the settings as they are now (speed, lock, late join, seat choice, freeze ...)
  ALTER TABLE sessions ADD COLUMN settings TEXT;
  -- "won" or "lost: <unmet conditions>", and the win conditions judged at the end (JSON)
  ALTER TABLE sessions ADD COLUMN result TEXT;
  ALTER TABLE sessions ADD COLUMN goals TEXT;
  -- buildDebrief() of an ended match (JSON), computed once
  ALTER TABLE sessions ADD COLUMN debrief TEXT;

  -- match files uploaded through the API, kept exactly as parsed, with what their re-simulation found
  CREATE TABLE imported_matches (
    id TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    scenario_name TEXT NOT NULL,
    scenario_title TEXT NOT NULL,
    seed INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    started_at INTEGER,
    ended_at INTEGER,
    imported_at INTEGER NOT NULL,
    players INTEGER NOT NULL,
    end_tick INTEGER NOT NULL,
    -- 1 when the re-simulation reproduced every recorded hash; the mismatches otherwise (JSON)
    verified INTEGER NOT NULL,
    mismatches TEXT NOT NULL,
    -- the win conditions judged on the re-simulated end ("won" / "lost: ..."; GoalResult[] JSON)
    result TEXT NOT NULL,
    goals TEXT NOT NULL,
    debrief TEXT
  ) WITHOUT ROWID;
  CREATE INDEX imported_matches_by_time ON imported_matches (imported_at);
  `,
  // 3: a ban may cover the address the player joined from (the teacher's explicit choice)
  `
  -- 1 when the ban (banned_at) also refuses new players from the player's ip
  ALTER TABLE players ADD COLUMN address_banned INTEGER NOT NULL DEFAULT 0;
  `,
  // 4: which simulation recorded the match (SIMULATION_VERSION; NULL: one from before it was kept)
  `
  ALTER TABLE sessions ADD COLUMN simulation INTEGER;
  `,
];
