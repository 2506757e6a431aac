import { Client, type Room } from "@colyseus/sdk";
import type { SeatReservationJson } from "../../shared/protocol/http.ts";
import type { Reply } from "../../shared/protocol/replies.ts";
import type { ClassroomStateView } from "../../shared/protocol/state.ts";

/**
 * The room's WebSocket (loaded after the join: the join screen does not carry the SDK). The SDK
 * reconnects by itself after a network drop; pushes (welcome, notice, hint, judgement, refused) and
 * state patches fan out to whoever listens.
 */
export type ClassRoom = Room<unknown, ClassroomStateView>;
export type AnyReply = Reply<Record<string, unknown>>;

export interface Connection {
  readonly room: ClassRoom;
  readonly state: ClassroomStateView;
  /** Sends a message and resolves with the server's Reply (a lost connection becomes a refusal). */
  ask<R extends object = Record<string, unknown>>(type: string, payload?: unknown): Promise<Reply<R>>;
  /** Sends without waiting; a refusal comes back as the `refused` push. */
  send(type: string, payload?: unknown): void;
  onPush(type: string, listener: (payload: unknown) => void): () => void;
  /** After every patch. */
  onState(listener: () => void): () => void;
  /** The connection is gone for good (kicked, ended, replaced, or reconnection failed). */
  onClose(listener: (code: number, reason: string) => void): () => void;
  onStatus(listener: (status: "connected" | "reconnecting") => void): () => void;
  leave(): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 8000;

export async function connect(reservation: SeatReservationJson): Promise<Connection> {
  const client = new Client(window.location.origin);
  const room = (await client.consumeSeatReservation(reservation as never)) as ClassRoom;
  const pushListeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<() => void>();
  const closeListeners = new Set<(code: number, reason: string) => void>();
  const statusListeners = new Set<(status: "connected" | "reconnecting") => void>();

  room.onMessage("*", (type: string | number, payload: unknown) => {
    for (const listener of pushListeners.get(String(type)) ?? []) listener(payload);
  });
  room.onStateChange(() => {
    for (const listener of stateListeners) listener();
  });
  room.onLeave((code: number, reason?: string) => {
    for (const listener of closeListeners) listener(code, reason ?? "");
  });
  room.onDrop(() => {
    for (const listener of statusListeners) listener("reconnecting");
  });
  room.onReconnect(() => {
    for (const listener of statusListeners) listener("connected");
  });

  const subscribe = <L>(set: Set<L>, listener: L) => {
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };

  // the first full state arrives right after the join
  if (!room.state?.session) {
    await new Promise<void>((resolve) => {
      const done = () => {
        if (room.state?.session) {
          stateListeners.delete(done);
          resolve();
        }
      };
      stateListeners.add(done);
    });
  }

  return {
    room,
    get state() {
      return room.state;
    },
    async ask<R extends object>(type: string, payload: unknown = {}): Promise<Reply<R>> {
      try {
        return (await room.request(type as never, payload as never, {
          timeout: REQUEST_TIMEOUT_MS,
        })) as Reply<R>;
      } catch (error) {
        return { ok: false, reason: "SessionEnded", message: String((error as Error)?.message ?? error) };
      }
    },
    send(type, payload = {}) {
      room.send(type as never, payload as never);
    },
    onPush(type, listener) {
      let set = pushListeners.get(type);
      if (!set) {
        set = new Set();
        pushListeners.set(type, set);
      }
      return subscribe(set, listener);
    },
    onState: (listener) => subscribe(stateListeners, listener),
    onClose: (listener) => subscribe(closeListeners, listener),
    onStatus: (listener) => subscribe(statusListeners, listener),
    async leave() {
      if (room.connection?.isOpen) await room.leave(true).catch(() => {});
    },
  };
}
