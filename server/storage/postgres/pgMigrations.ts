/**
 * The PostgreSQL schema, as an append-only list of migrations (version N brings a database from N-1 to
 * N, recorded in schema_migrations). The tables and columns are SQLite's (../migrations.ts, at its
 * version 3), in PostgreSQL's types: the record has one format whatever keeps it, and
 * tests/server/storageContract.test.ts checks that both have the same columns. A new SQLite migration
 * gets its twin here.
 *
 * Beyond SQLite's: a join code is unique among open sessions (a partial unique index: processes that
 * create sessions at once cannot hand out the same code), seat holds keep their insertion order in
 * `seq` (SQLite's implicit rowid), and `session_leases` says which process runs each open session.
 */
export const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    scenario_name TEXT NOT NULL,
    scenario_title TEXT NOT NULL,
    scenario_source TEXT NOT NULL CHECK (scenario_source IN ('builtin', 'upload')),
    scenario_files TEXT NOT NULL,
    seed BIGINT NOT NULL,
    options TEXT NOT NULL,
    instructor_token_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    ended_at BIGINT,
    end_reason TEXT,
    final_tick BIGINT,
    final_hash TEXT,
    outcome TEXT,
    last_tick BIGINT,
    settings TEXT,
    result TEXT,
    goals TEXT,
    debrief TEXT
  );
  CREATE INDEX sessions_by_code ON sessions (code, created_at);
  CREATE INDEX sessions_by_time ON sessions (created_at);
  CREATE UNIQUE INDEX sessions_open_code ON sessions (code) WHERE ended_at IS NULL;

  CREATE TABLE players (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    id TEXT NOT NULL,
    nickname TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    device_hash TEXT NOT NULL,
    ip TEXT,
    joined_at BIGINT NOT NULL,
    kicked_at BIGINT,
    banned_at BIGINT,
    address_banned INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, id)
  );

  CREATE TABLE seat_holds (
    seq BIGSERIAL PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    player_id TEXT NOT NULL,
    seat TEXT NOT NULL,
    from_tick BIGINT NOT NULL,
    from_at BIGINT NOT NULL,
    to_tick BIGINT,
    to_at BIGINT,
    assigned_by TEXT NOT NULL CHECK (assigned_by IN ('self', 'instructor'))
  );
  CREATE INDEX seat_holds_by_player ON seat_holds (session_id, player_id);

  CREATE TABLE commands (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    seq BIGINT NOT NULL,
    tick BIGINT NOT NULL,
    seat TEXT NOT NULL,
    player_id TEXT,
    command TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'refused', 'error')),
    result TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (session_id, seq)
  );

  CREATE TABLE checkpoints (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    tick BIGINT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (session_id, tick)
  );

  CREATE TABLE session_events (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    tick BIGINT NOT NULL,
    kind TEXT NOT NULL,
    player_id TEXT,
    detail TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
  );

  CREATE TABLE imported_matches (
    id TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    scenario_name TEXT NOT NULL,
    scenario_title TEXT NOT NULL,
    seed BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    ended_at BIGINT,
    imported_at BIGINT NOT NULL,
    players INTEGER NOT NULL,
    end_tick BIGINT NOT NULL,
    verified INTEGER NOT NULL,
    mismatches TEXT NOT NULL,
    result TEXT NOT NULL,
    goals TEXT NOT NULL,
    debrief TEXT
  );
  CREATE INDEX imported_matches_by_time ON imported_matches (imported_at);

  -- which process runs each open session: renewed while it runs, taken over once expired. epoch is the
  -- fencing token: it grows at every take-over, and a write is committed only under the epoch it was
  -- made with (see PgWriteQueue).
  CREATE TABLE session_leases (
    session_id TEXT PRIMARY KEY REFERENCES sessions (id),
    owner TEXT NOT NULL,
    epoch BIGINT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
  );
  CREATE INDEX session_leases_by_expiry ON session_leases (expires_at);
  CREATE INDEX session_leases_by_owner ON session_leases (owner);
  `,
  // 2: which simulation recorded the match (SIMULATION_VERSION; NULL: one from before it was kept)
  `
  ALTER TABLE sessions ADD COLUMN simulation INTEGER;
  `,
];
