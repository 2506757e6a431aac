import { Callbacks, Client, type Room } from "@colyseus/sdk";
import type { SeatReservationJson } from "../../shared/protocol/http.ts";
import { receiveAdditions, receiveState } from "../../shared/protocol/receive.ts";
import { refusal } from "../../shared/protocol/replies.ts";
import type { ClassroomStateView } from "../../shared/protocol/state.ts";
import {
  type ClassroomWire,
  type PayloadOf,
  PUSH_TYPES,
  type PushOf,
  type PushType,
  type ReplyOf,
  type RequestType,
} from "../../shared/protocol/wire.ts";

/**
 * The room's WebSocket (loaded after the join: the join screen does not carry the SDK), typed by
 * shared/protocol/wire.ts: each message's payload and reply, each push's payload. The SDK reconnects by
 * itself after a network drop; pushes and state patches fan out to whoever listens.
 */
export type ClassRoom = Room<ClassroomWire>;

type PushListeners = { [P in PushType]: Set<(payload: PushOf<P>) => void> };

export interface Connection {
  readonly room: ClassRoom;
  readonly state: ClassroomStateView;
  /** Sends a message and resolves with the server's reply (a lost connection becomes a refusal). */
  ask<T extends RequestType>(type: T, payload: PayloadOf<T>): Promise<ReplyOf<T>>;
  /** Sends without waiting; a refusal comes back as the `refused` push. */
  send<T extends RequestType>(type: T, payload: PayloadOf<T>): void;
  onPush<P extends PushType>(type: P, listener: (payload: PushOf<P>) => void): () => void;
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
  // the SDK types a reservation's room by its state only; the wire types come from the shared map
  const room: ClassRoom = await client.consumeSeatReservation(reservation);
  // The SDK checks a payload against the wire for a literal message type only; `ask` and `send` are
  // generic over the type, so they talk through the untyped face of the same room (their own
  // signatures carry the wire's types to every caller).
  const untyped: Room<unknown, ClassroomStateView> = room;
  const pushListeners: PushListeners = {
    refused: new Set(),
    welcome: new Set(),
    notice: new Set(),
    hint: new Set(),
    judgement: new Set(),
  };
  const stateListeners = new Set<() => void>();
  const closeListeners = new Set<(code: number, reason: string) => void>();
  const statusListeners = new Set<(status: "connected" | "reconnecting") => void>();

  const fanOut = <P extends PushType>(type: P) => {
    room.onMessage(type, (payload) => {
      for (const listener of pushListeners[type]) listener(payload);
    });
  };
  for (const type of PUSH_TYPES) fanOut(type);
  receiveAdditions(Callbacks.get(room as never) as never, () => room.state as never);
  room.onStateChange(() => {
    // pods and nodes travel lean (shared/protocol/receive.ts): completed before anyone reads them
    receiveState(room.state as never, true);
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
    async ask<T extends RequestType>(type: T, payload: PayloadOf<T>): Promise<ReplyOf<T>> {
      try {
        return await untyped.request(type, payload, { timeout: REQUEST_TIMEOUT_MS });
      } catch (error) {
        const problem = String((error as Error)?.message ?? error);
        return refusal("SessionEnded", "requestFailed", { problem });
      }
    },
    send<T extends RequestType>(type: T, payload: PayloadOf<T>) {
      untyped.send(type, payload);
    },
    onPush(type, listener) {
      return subscribe(pushListeners[type], listener);
    },
    onState: (listener) => subscribe(stateListeners, listener),
    onClose: (listener) => subscribe(closeListeners, listener),
    onStatus: (listener) => subscribe(statusListeners, listener),
    async leave() {
      if (room.connection?.isOpen) await room.leave(true).catch(() => {});
    },
  };
}
