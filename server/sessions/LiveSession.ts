import type { SeatReservationJson } from "../../shared/protocol/http.ts";
import type { AnyReply } from "../../shared/protocol/wire.ts";
import type { Classroom } from "../classroom/Classroom.ts";

/**
 * A live session as the directory and the HTTP API see it, whatever carries it: the Colyseus room
 * (rooms/ClassroomRoom.ts) implements it, and nothing outside rooms/ needs to know the room.
 */
export interface LiveSession {
  /** Its room's id: the session's id in the record, except for a class taken over from another process. */
  readonly roomId: string;
  readonly code: string;
  readonly classroom: Classroom;
  /** An instructor message arriving over HTTP (POST /api/sessions/:code/actions). */
  instructorMessage(type: string, payload: unknown): AnyReply | Promise<AnyReply>;
  /** A seat in the session's room for the holder of an admission ticket (Admission.redeemTicket). */
  reserveSeat(ticket: string): Promise<SeatReservationJson>;
  /** Another process runs the session now (or its record failed): stop here, writing nothing. */
  relinquish(): void;
}
