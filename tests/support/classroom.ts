import { randomUUID } from "node:crypto";
import { Callbacks, Client, type Room } from "@colyseus/sdk";
import type {
  ApiError,
  InstructorJoinResponse,
  JoinResponse,
  SessionCreated,
  SessionOptions,
} from "../../shared/protocol/http.ts";
import { receiveAdditions, receiveState } from "../../shared/protocol/receive.ts";
import type { Reply } from "../../shared/protocol/replies.ts";
import type { ClassroomStateView } from "../../shared/protocol/state.ts";

/** A classroom room as the SDK gives it to a browser, with the documented state shape. */
export type ClassRoom = Room<unknown, ClassroomStateView>;

export interface HttpResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** The HTTP API as a browser calls it. */
export class Api {
  readonly base: string;

  constructor(base: string) {
    this.base = base;
  }

  async get<T = unknown>(path: string, token?: string): Promise<HttpResult<T>> {
    const res = await fetch(`${this.base}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.status, body: await parse(res), headers: res.headers };
  }

  async post<T = unknown>(path: string, body: unknown, token?: string): Promise<HttpResult<T>> {
    const res = await fetch(`${this.base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, body: await parse(res), headers: res.headers };
  }

  async createSession(scenario = "first-pod", options: SessionOptions = {}): Promise<SessionCreated> {
    // A busy scenario pool answers 503 with Retry-After (server/scenarios/ScenarioPool.ts): retry as a
    // client does, a few times, so tests creating many sessions at once are not refused for it.
    for (let attempt = 0; ; attempt++) {
      const res = await this.post<SessionCreated>("/api/sessions", { scenario, options });
      const retryAfter = (res.body as { error?: { retryAfterSeconds?: number } }).error?.retryAfterSeconds;
      if (res.status === 503 && retryAfter !== undefined && attempt < 5) {
        await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
        continue;
      }
      if (res.status !== 201) throw new Error(`create session: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    }
  }

  join(code: string, body: { nickname?: string; playerToken?: string; deviceId?: string }) {
    return this.post<JoinResponse | ApiError>(`/api/sessions/${code}/join`, {
      deviceId: body.deviceId ?? randomUUID(),
      ...body,
    });
  }

  action(code: string, token: string, action: { type: string; [field: string]: unknown }) {
    return this.post<Reply<Record<string, unknown>>>(`/api/sessions/${code}/actions`, action, token);
  }
}

async function parse(res: Response): Promise<never> {
  const text = await res.text();
  try {
    return JSON.parse(text) as never;
  } catch {
    return text as never;
  }
}

export interface Student {
  room: ClassRoom;
  player: JoinResponse["player"];
  deviceId: string;
  /** Sends a message and resolves with the server's Reply. */
  ask(type: string, payload?: unknown): Promise<Reply<Record<string, unknown>>>;
}

function ask(room: ClassRoom) {
  return (type: string, payload: unknown = {}) =>
    room.request(type as never, payload as never, { timeout: 5000 }) as Promise<
      Reply<Record<string, unknown>>
    >;
}

/** Joins over HTTP then opens the WebSocket with the returned reservation, as the browser does. */
export async function joinStudent(
  base: string,
  code: string,
  nickname: string,
  options: { deviceId?: string; playerToken?: string } = {},
): Promise<Student> {
  const deviceId = options.deviceId ?? randomUUID();
  const api = new Api(base);
  const res = await api.join(code, { nickname, deviceId, playerToken: options.playerToken });
  if (res.status !== 200) throw new Error(`join ${nickname}: ${res.status} ${JSON.stringify(res.body)}`);
  const body = res.body as JoinResponse;
  const room = await open(base, body.reservation);
  await waitFor(() => room.state?.session?.code, `initial state for ${nickname}`);
  return { room, player: body.player, deviceId, ask: ask(room) };
}

export interface Instructor {
  room: ClassRoom;
  ask(type: string, payload?: unknown): Promise<Reply<Record<string, unknown>>>;
}

export async function joinInstructor(base: string, code: string, token: string): Promise<Instructor> {
  const res = await new Api(base).post<InstructorJoinResponse>(`/api/sessions/${code}/instructor`, {}, token);
  if (res.status !== 200) throw new Error(`instructor join: ${res.status} ${JSON.stringify(res.body)}`);
  const room = await open(base, res.body.reservation);
  await waitFor(() => room.state?.instructor !== undefined, "instructor state");
  return { room, ask: ask(room) };
}

/** Opens the room's WebSocket with a reservation; pushes (welcome, notice ...) are kept in `pushes`. */
async function open(base: string, reservation: unknown): Promise<ClassRoom> {
  const room = (await new Client(base).consumeSeatReservation(reservation as never)) as ClassRoom;
  const log: [string | number, unknown][] = [];
  pushes.set(room, log);
  room.onMessage("*", (type, payload) => log.push([type, payload]));
  // as the browser's connection does: pods and nodes travel lean, completed after each patch
  receiveAdditions(Callbacks.get(room as never) as never, () => room.state as never);
  room.onStateChange((state) => receiveState(state as never, true));
  return room;
}

const pushes = new WeakMap<ClassRoom, [string | number, unknown][]>();

/** Messages the server pushed to this room's client, oldest first. */
export function pushesOf(room: ClassRoom, type?: string): unknown[] {
  return (pushes.get(room) ?? []).filter(([t]) => type === undefined || t === type).map(([, p]) => p);
}

/** Polls `probe` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | undefined | null | false;
    try {
      value = await probe();
    } catch {
      value = undefined;
    }
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Resolves with the close code when the room is left (kicked, ended ...). */
export function leaveCode(room: ClassRoom): Promise<number> {
  return new Promise((resolve) => room.onLeave((code) => resolve(code)));
}

export async function leaveAll(...rooms: (ClassRoom | undefined)[]): Promise<void> {
  await Promise.all(
    rooms.map(async (room) => {
      if (!room?.connection?.isOpen) return;
      await Promise.race([room.leave(true), new Promise((r) => setTimeout(r, 500))]);
    }),
  );
}
