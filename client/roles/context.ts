import type { JudgementView, PlayerView } from "../../shared/protocol/state.ts";
import type { ReplyOf } from "../../shared/protocol/wire.ts";
import type { Command } from "../../shared/sim/commands.ts";
import type { Board } from "../board/Board.ts";
import type { BoardGuidance } from "../board/guidance.ts";
import { toast } from "../dom/shell.ts";
import { say, t } from "../i18n/i18n.ts";
import type { Connection } from "../net/connection.ts";
import type { SimClock } from "../state/clock.ts";
import type { ClusterView } from "../state/view.ts";

/**
 * What a panel needs from the page: the state, who I am, the clock, and a way to make a move. A move
 * is an engine command sent as my seat; the server validates and authorises it and says why when it
 * refuses (shown as a toast and returned to the panel).
 */
export interface GameContext {
  conn: Connection;
  view(): ClusterView;
  me(): PlayerView | undefined;
  seat(): string;
  clock: SimClock;
  board(): Board | undefined;
  /** Whether the class is frozen or the session not running (moves would be refused). */
  blocked(): string | undefined;
  command(command: Command, quiet?: boolean): Promise<ReplyOf<"command">>;
  /** The latest judgement pushed for one of my moves. */
  onJudgement(listener: (judgement: JudgementView) => void): () => void;
}

export interface Panel {
  element: HTMLElement;
  /** Called after state patches (throttled) and every ~250 ms for clocks. */
  update(): void;
  destroy?(): void;
  /** Scheduler: a pending pod dropped on a node of the board. */
  place?(podKey: string, node: string): void;
  /** Scheduler: a pending pod picked on the board. */
  selectPod?(podKey: string): void;
  /** Scheduler: what the filters say of each Node for a pod, as the help level shows it on the board. */
  guidance?(podKey: string): BoardGuidance | undefined;
}

export function makeCommand(conn: Connection) {
  return async (command: Command, quiet = false): Promise<ReplyOf<"command">> => {
    const reply = await conn.ask("command", { command });
    if (!reply.ok && !quiet) toast(() => t("toast.refused", { message: say(reply) }), "error", 8000);
    return reply;
  };
}
