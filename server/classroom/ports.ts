import type { PushOf, PushType } from "../../shared/protocol/wire.ts";

/**
 * Small interfaces the classroom's parts share. Each part takes only what it uses (as kubelet's
 * `NewImageManager(recorder, imageService, ...)` does), and the Classroom wires them; a test can hand a
 * part a few functions instead of a whole session.
 */

/** Who a connection speaks for. */
export type Identity = { role: "student"; playerId: string } | { role: "instructor" };

/** Writes a classroom event (joins, seats, settings, moderation ...) to the session's record. */
export interface SessionLog {
  event(kind: string, detail?: object, playerId?: string): void;
}

/** Sends a push to one connection. */
export interface PushPort {
  push<P extends PushType>(sessionId: string, type: P, message: PushOf<P>): void;
}
