import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { PROJECT_ROOT } from "../../server/startServer.ts";
import type { SessionCreated, SessionOptions } from "../../shared/protocol/http.ts";
import type { Reply } from "../../shared/protocol/replies.ts";
import {
  Api,
  type ClassRoom,
  type Instructor,
  joinInstructor,
  joinStudent,
  type Student,
  waitFor,
} from "../support/classroom.ts";

/**
 * Classes as a school runs them, for the noisy-neighbour and soak benchmarks: the server in its own
 * process (npm start's entry point, default settings unless told otherwise), each class a session with
 * its teacher and 40 students over real SDK clients, at a class's pace:
 * - one student (the "mover", on the user seat) cordons and uncordons a node once a second; another
 *   (the "watcher") measures move-to-screen: from the mover sending the command to the watcher's synced
 *   state showing it;
 * - the other students each send a read every ~8 s (kubectl get pods / get nodes / describe node,
 *   explain);
 * - the session runs at 1x: its tick rate is read from the watcher's synced tick.
 */
export const STUDENTS = 40;
const CLK_TCK = 100;
const READS = [
  "kubectl get pods",
  "kubectl get nodes",
  "kubectl describe node worker-1",
  "kubectl get events",
];

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Lines the server wrote to stderr (errors). */
  stderr: string[];
}

export async function startServerProcess(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "error", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const stderr: string[] = [];
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => stderr.push(String(chunk)));
  // a benchmark that fails must not leave its server running
  process.once("exit", () => child.kill("SIGKILL"));
  const port = await waitFor(
    () => /listening on http:\/\/[^:]+:(\d+)/.exec(output)?.[1],
    "server start",
    60_000,
  );
  return { child, url: `http://127.0.0.1:${port}`, stderr };
}

export async function stopServerProcess(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null) return;
  server.child.kill("SIGTERM");
  await new Promise((resolve) => server.child.once("exit", resolve));
}

/** utime + stime of a process, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** What a class measured since the last reset. */
export interface ClassFigures {
  latencies: number[];
  /** Round trips of the mover's commands (sent to answered). */
  roundTrips: number[];
  ticks: number;
  seconds: number;
  errors: string[];
}

export interface PacedClass {
  code: string;
  teacher: Instructor;
  students: Student[];
  /** Starts measuring afresh. */
  reset(): void;
  figures(): ClassFigures;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A scenario uploaded as a teacher does (POST /api/sessions with its files). */
export interface ScenarioUpload {
  files: { file: string; text: string }[];
}

async function uploaded(
  api: Api,
  scenario: ScenarioUpload,
  options: SessionOptions,
): Promise<SessionCreated> {
  const res = await api.post<SessionCreated>("/api/sessions", { files: scenario.files, options });
  if (res.status !== 201) throw new Error(`upload scenario: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Opens a class (its session started at 1x) and drives it at a class's pace until `stop`. */
export async function pacedClass(
  url: string,
  name: string,
  scenario: string | ScenarioUpload = "services",
): Promise<PacedClass> {
  const api = new Api(url);
  const options = { maxPlayers: STUDENTS, speed: 1 };
  const created =
    typeof scenario === "string"
      ? await api.createSession(scenario, options)
      : await uploaded(api, scenario, options);
  const teacher = await joinInstructor(url, created.code, created.instructorToken);
  const students: Student[] = [];
  // joined a few at a time, as a class arrives
  for (let i = 0; i < STUDENTS; i += 10) {
    students.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(10, STUDENTS - i) }, (_, j) =>
          joinStudent(url, created.code, `${name} s${i + j + 1}`),
        ),
      )),
    );
  }
  await teacher.ask("session.start");
  const mover = students[0] as Student;
  const watcher = students[1] as Student;
  await mover.ask("seat.take", { seat: "user" });
  const node = "worker-1";
  let latencies: number[] = [];
  let roundTrips: number[] = [];
  let errors: string[] = [];
  let ticks0 = watcher.room.state.session.tick;
  let t0 = performance.now();
  let stopped = false;

  const nodeState = (room: ClassRoom) => room.state.nodes.get(node)?.unschedulable;
  const moves = (async () => {
    let cordoned = nodeState(watcher.room) ?? false;
    while (!stopped) {
      const want = !cordoned;
      const sent = performance.now();
      const seen = new Promise<number>((resolve) => {
        const check = () => {
          if (nodeState(watcher.room) === want) {
            watcher.room.onStateChange.remove(check);
            resolve(performance.now() - sent);
          }
        };
        watcher.room.onStateChange(check);
        check();
      });
      const reply = await mover
        .ask("command", { command: { type: want ? "CordonNode" : "UncordonNode", node } })
        .catch((error: Error) => ({ ok: false as const, reason: "NoAnswer", message: error.message }));
      if (!reply.ok) errors.push(`move: ${reply.reason} ${reply.message}`);
      else {
        roundTrips.push(performance.now() - sent);
        const ms = await Promise.race([seen, sleep(10_000).then(() => Number.NaN)]);
        if (Number.isNaN(ms)) errors.push("move not seen within 10 s");
        else latencies.push(ms);
        cordoned = want;
      }
      await sleep(1000);
    }
  })();
  const readers = students.slice(2).map(async (student, i) => {
    await sleep((i * 8000) / STUDENTS);
    while (!stopped) {
      const r = Math.random();
      const line = READS[Math.floor(Math.random() * READS.length)] as string;
      const asked =
        r < 0.2 ? student.ask("explain", { pod: "no-such-pod" }) : student.ask("kubectl", { line });
      const reply: Reply<Record<string, unknown>> = await asked.catch((error: Error) => ({
        ok: false as const,
        reason: "InternalError" as const,
        code: "requestFailed" as const,
        params: { problem: error.message },
        message: `no answer: ${error.message}`,
      }));
      if (!reply.ok && reply.reason !== "NotFound") {
        errors.push(`${new Date().toISOString()} read: ${reply.reason} ${reply.message}`);
      }
      await sleep(6000 + Math.random() * 4000);
    }
  });
  return {
    code: created.code,
    teacher,
    students,
    reset() {
      latencies = [];
      roundTrips = [];
      errors = [];
      ticks0 = watcher.room.state.session.tick;
      t0 = performance.now();
    },
    figures() {
      return {
        latencies,
        roundTrips,
        ticks: watcher.room.state.session.tick - ticks0,
        seconds: (performance.now() - t0) / 1000,
        errors,
      };
    },
    async stop() {
      stopped = true;
      await Promise.all([moves, ...readers]);
    },
  };
}

/** Closes every client of the classes (the SDK would otherwise try to reconnect to a stopped server). */
export async function leaveClasses(classes: PacedClass[]): Promise<void> {
  const rooms = classes.flatMap((c) => [c.teacher.room, ...c.students.map((s) => s.room)]);
  for (const room of rooms) room.reconnection.enabled = false;
  await Promise.all(rooms.map((room) => Promise.race([room.leave(true).catch(() => {}), sleep(1000)])));
}

/** The figures of several classes together: p50/p99 move-to-screen, the slowest class's tick rate. */
export function summarize(figures: ClassFigures[]): Record<string, number> {
  const latencies = figures.flatMap((f) => f.latencies);
  const rates = figures.map((f) => f.ticks / f.seconds);
  return {
    "move-to-screen p50 (ms)": Math.round(percentile(latencies, 50)),
    "move-to-screen p99 (ms)": Math.round(percentile(latencies, 99)),
    "move-to-screen max (ms)": Math.round(Math.max(...latencies)),
    moves: latencies.length,
    "command round trip p99 (ms)": Math.round(
      percentile(
        figures.flatMap((f) => f.roundTrips),
        99,
      ),
    ),
    "ticks/s (slowest class)": Number(Math.min(...rates).toFixed(2)),
    "ticks/s (mean)": Number((rates.reduce((a, b) => a + b, 0) / rates.length).toFixed(2)),
    errors: figures.reduce((n, f) => n + f.errors.length, 0),
  };
}
