import type { InstructorMessageType } from "../../shared/protocol/messages.ts";
import type { ClassroomStateView } from "../../shared/protocol/state.ts";
import type { PayloadOf, ReplyOf } from "../../shared/protocol/wire.ts";
import type { Command } from "../../shared/sim/commands.ts";
import type { Connection } from "../net/connection.ts";
import type { SimClock } from "../state/clock.ts";

/** What the instructor's tabs share: the room, the state, moves as the instructor. */
export interface TeachContext {
  conn: Connection;
  code: string;
  /** What students open, and its QR code, as the server words them (PUBLIC_URL or a reachable address). */
  links: { joinUrl: string; qrUrl: string };
  view(): ClassroomStateView;
  clock: SimClock;
  /** An engine command run as the instructor (faults): refusals are toasted. */
  command(command: Command): Promise<ReplyOf<"command">>;
  /** An instructor message (session.start, seat.assign ...): refusals are toasted, successes too. */
  ask<T extends InstructorMessageType>(type: T, payload: PayloadOf<T>): Promise<ReplyOf<T>>;
  focusNode(node: string): void;
}

export interface Tab {
  element: HTMLElement;
  update(): void;
  destroy?(): void;
}
