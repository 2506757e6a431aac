import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { StateView } from "@colyseus/schema";
import { Classroom, type ClassroomHost, type ClassroomRecord } from "../../server/classroom/Classroom.ts";
import { hashSecret } from "../../server/classroom/secrets.ts";
import { WordFilter } from "../../server/classroom/WordFilter.ts";
import { defaultConfig, type ServerConfig } from "../../server/config.ts";
import { createLogger } from "../../server/log.ts";
import type { SessionEventEntry } from "../../server/storage/SessionStore.ts";
import { MatchLog } from "../../shared/replay/recorder.ts";
import { loadScenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import { FakeClock } from "./fakeClock.ts";

const SCENARIOS = join(import.meta.dirname, "../../scenarios");

/**
 * A Classroom without a transport or a database: the scenario's engine, a fake wall clock, the record
 * in memory (a MatchLog and a list of session events) and a host that keeps what it was asked to send.
 * Time moves only through `classroom.advance(ms)` (the room's loop) and `clock.advance(ms)`.
 */
export function localClassroom(
  scenario = "first-pod",
  options: { speed?: number; idleMinutes?: number; config?: Partial<ServerConfig> } = {},
) {
  const files = [
    { file: `${scenario}.yaml`, text: readFileSync(join(SCENARIOS, `${scenario}.yaml`), "utf8") },
  ];
  const loaded = loadScenario(files);
  if (!loaded.ok) throw new Error(`${scenario}: ${loaded.errors[0]?.message}`);
  const clock = new FakeClock();
  const log = new MatchLog();
  const events: SessionEventEntry[] = [];
  const sent: { to: string; type: string; message: unknown }[] = [];
  const closed: { sessionId: string; code: number; reason: string }[] = [];
  /** Views the classroom attached to connections after they joined (host.setView). */
  const views: { sessionId: string; view: StateView }[] = [];
  const store: ClassroomRecord = {
    recorderSink: () => log,
    sessionStarted: () => {},
    addPlayer: () => {},
    playerKicked: () => {},
    playerUnbanned: () => {},
    playerToken: () => {},
    seatChanged: () => {},
    event: (_id, entry) => events.push(entry),
    endSession: () => {},
    tick: () => {},
    settings: () => {},
    hasCheckpoint: () => false,
    batch: (work) => work(),
  };
  const host: ClassroomHost = {
    close: (sessionId, code, reason) => closed.push({ sessionId, code, reason }),
    send: (to, type, message) => sent.push({ to, type, message }),
    broadcast: (type, message) => sent.push({ to: "*", type, message }),
    cancelReconnection: () => {},
    setView: (sessionId, view) => views.push({ sessionId, view }),
    dispose: () => {},
  };
  const config = defaultConfig({
    clock,
    logLevel: "silent",
    sessionIdleMinutes: options.idleMinutes ?? 120,
    ...options.config,
  });
  const classroom = new Classroom({
    id: "local",
    code: "LOCAL1",
    scenario: {
      name: loaded.scenario.name,
      title: loaded.scenario.title,
      description: loaded.scenario.description,
      durationSeconds: loaded.scenario.durationSeconds,
      goals: loaded.scenario.goals,
      winConditions: loaded.scenario.winConditions,
    },
    engine: createEngine(loaded.scenario, { seed: loaded.scenario.seed }),
    settings: {
      maxPlayers: 30,
      lateJoin: true,
      seatChoice: "free",
      teamSize: 0,
      helpLevel: "full",
      wordFilter: true,
      speed: options.speed ?? 1,
    },
    instructorTokenHash: hashSecret("teacher"),
    config,
    store,
    wordFilter: new WordFilter(),
    log: createLogger("silent"),
    host,
  });
  const teacher = (type: string, payload: object = {}) => classroom.router.handleInstructor(type, payload);
  return { classroom, clock, log, events, sent, closed, views, teacher };
}
