import type { Userland } from "../catalogue/userland.ts";
import type { ImageProcess } from "../model/registry.ts";

/**
 * What a simulated process runs on: a clock that only sleeps move (no wall time), the lines it prints
 * with the time it printed them, the resident memory and CPU it declares, and the commands the
 * simulation does not model (said where the student looks). A run is re-done from the start to any
 * moment, so nothing here is kept between runs but the answers the cluster gave (network.ts).
 */
export type Stream = "out" | "err";

export interface LogLine {
  /** Milliseconds since the process started. */
  at: number;
  text: string;
  stream?: "err";
  /** A server's start-up banner, which kubectl renders (kubectl/imagelogs.ts). */
  banner?: string;
}

/** Why a run stopped before its script ended. */
export class Halt {
  readonly reason: "exit" | "forever" | "horizon" | "busy";
  readonly code: number;
  constructor(reason: Halt["reason"], code = 0) {
    this.reason = reason;
    this.code = code;
  }
}

/** The runtime could not start the process (exit code 128, reason StartError). */
export class StartFailure {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

export interface Sink {
  write(text: string, stream: Stream): void;
}

/** What the process sees, fixed when its container was created. */
export interface ProcessFacts {
  image: ImageProcess;
  userland: Userland;
  /** Environment in order, as `printenv` lists it. */
  env: [string, string][];
  /** Variables whose value comes from a reference the simulation does not resolve (valueFrom). */
  unresolved: string[];
  /** Files its volumes hold (ConfigMaps, Secrets), by absolute path. */
  files?: [string, string][];
  hostname: string;
  podIP: string;
  namespace: string;
  /** Absolute simulated ms the process started at (date, timestamps). */
  startedAt: number;
  /** Seeds $RANDOM and anything else that must differ between containers. */
  seed: string;
}

/** The cluster as the process's network calls see it (network.ts). */
export interface Network {
  /** Answers a question ("dns:NAME", "tcp:IP:PORT") as it stood at `at` ms since start. */
  ask(question: string, at: number): string;
  /** What the server a connection reached ("pod ...", "internet" ...) answers to an HTTP GET. */
  respond(target: string, request: HttpRequest): HttpResponse;
}

export interface HttpRequest {
  host: string;
  path: string;
  agent: string;
}

export interface HttpResponse {
  status: number;
  body: string[];
  /** Set when the answer is an assumption (the Internet, a server whose answers are not modelled). */
  assumed?: string;
}

export const MAX_LOG_LINES = 20_000;
const DEFAULT_MAX_STEPS = 200_000;
const BUSY_STEPS = 20_000;

export class Run {
  now = 0;
  steps = 0;
  private sinceAdvance = 0;
  /** Where a run cut short by its step budget stopped (ms since start). */
  stoppedAt?: number;
  readonly out: LogLine[] = [];
  /** Resident memory declared, bytes, when it starts growing and when it gets there (ms since start). */
  memory = 0;
  memorySince = 0;
  memoryRampMs = 0;
  /** CPU the process keeps busy, millicores. */
  cpu = 0;
  readonly notes: string[] = [];
  /** The program serving on the container's ports, by its key in the image's programs. */
  serving?: { program: string; listens?: number[] };
  readonly files = new Map<string, string>();
  private partial?: { at: number; text: string; stream: Stream };

  readonly facts: ProcessFacts;
  readonly net: Network;
  /** Stop at this many ms since start: the process is still running then. */
  readonly horizon: number;
  readonly maxSteps: number;

  constructor(facts: ProcessFacts, net: Network, horizon: number, maxSteps = DEFAULT_MAX_STEPS) {
    this.facts = facts;
    this.net = net;
    this.horizon = horizon;
    this.maxSteps = maxSteps;
  }

  advance(ms: number): void {
    if (ms > 0) this.sinceAdvance = 0;
    this.now += Math.max(0, ms);
    if (this.now > this.horizon) throw new Halt("horizon");
  }

  /**
   * Counts one command. A loop that never sleeps is a busy process (a CPU kept at 100 %), not an
   * infinite computation; a very long run stops where it got to (the caller looks again later).
   */
  step(): void {
    this.steps++;
    if (++this.sinceAdvance > BUSY_STEPS) {
      this.cpu = Math.max(this.cpu, 1000);
      throw new Halt("busy");
    }
    if (this.steps > this.maxSteps) {
      this.stoppedAt = this.now;
      throw new Halt("horizon");
    }
  }

  declareMemory(bytes: number, rampMs = 0): void {
    if (bytes > this.memory) {
      this.memory = bytes;
      this.memorySince = this.now;
      this.memoryRampMs = this.now + rampMs;
    }
  }

  /** Where a process's own output goes: the container log. */
  readonly log: Sink = {
    write: (text, stream) => {
      const pieces = text.split("\n");
      pieces.forEach((piece, i) => {
        const p = this.partial;
        if (p && p.stream === stream) p.text += piece;
        else {
          if (p) this.pushLine(p);
          this.partial = { at: this.now, text: piece, stream };
        }
        if (i < pieces.length - 1) {
          this.pushLine(this.partial as { at: number; text: string; stream: Stream });
          this.partial = undefined;
        }
      });
      if (this.partial?.text === "") this.partial = undefined;
    },
  };

  banner(name: string): void {
    this.flush();
    this.out.push({ at: this.now, text: "", banner: name });
  }

  flush(): void {
    if (this.partial) this.pushLine(this.partial);
    this.partial = undefined;
  }

  private pushLine(line: { at: number; text: string; stream: Stream }): void {
    if (line.at > this.horizon) return;
    this.out.push(
      line.stream === "err"
        ? { at: line.at, text: line.text, stream: "err" }
        : { at: line.at, text: line.text },
    );
    if (this.out.length > MAX_LOG_LINES * 2) this.out.splice(0, this.out.length - MAX_LOG_LINES);
  }

  /**
   * A command the simulation does not model: the assumption is written to the log where it happened
   * (once per command) and reported with the container's start as a NotSimulated event.
   */
  note(command: string, assumption: string): void {
    const text = `the simulation does not model "${command}": ${assumption}`;
    if (this.notes.includes(text)) return;
    this.notes.push(text);
    this.flush();
    this.out.push({ at: this.now, text: `[kubeclass] ${text}`, stream: "err" });
  }
}
