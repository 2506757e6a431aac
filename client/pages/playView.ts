import type { WelcomeMessage } from "../../shared/protocol/replies.ts";
import type { JudgementView, PlayerView } from "../../shared/protocol/state.ts";
import { clockText } from "../../shared/time/format.ts";
import type { Board } from "../board/Board.ts";
import { createEventFeed, type EventFeed } from "../dom/eventFeed.ts";
import { clear, h, label, setText, throttle, tr } from "../dom/h.ts";
import { createLeaderboard, points } from "../dom/leaderboard.ts";
import { createLobby, type Lobby } from "../dom/lobby.ts";
import { createPauseOverlay } from "../dom/pauseOverlay.ts";
import { createScorePanel, type ScorePanel } from "../dom/scorePanel.ts";
import type { Shell } from "../dom/shell.ts";
import { toast } from "../dom/shell.ts";
import { onLanguageChange, say, t } from "../i18n/i18n.ts";
import type { Connection } from "../net/connection.ts";
import type { GameContext, Panel } from "../roles/context.ts";
import { makeCommand } from "../roles/context.ts";
import { SimClock } from "../state/clock.ts";
import { markAuthored, sessionTexts } from "../state/scenarioTexts.ts";
import { nodeOfSeat, roleOfSeat, seatTitle } from "../state/view.ts";

/**
 * The student's game: the lobby (seats, players, the scenario) or the board beside the panel of my
 * seat, the event feed and my score. Panels follow my seat as it changes (the teacher may move me);
 * the board is loaded (Phaser) the first time it is shown.
 */
export class GameView {
  private readonly conn: Connection;
  private playerId: string;
  private mode: "lobby" | "game" = "lobby";
  /** Just took a seat: show the board as soon as the state says I hold it. */
  private wantGame = false;
  private readonly leaveButton: HTMLButtonElement;
  private readonly clock = new SimClock();
  private readonly lobby: Lobby;
  private readonly feed: EventFeed;
  private readonly score: ScorePanel;
  private readonly root = h("div", { class: "play" });
  private readonly pause = createPauseOverlay("student");
  private readonly leaderboard = createLeaderboard({ id: "leaderboard", limit: 8 });
  private readonly leaderboardBox = h("aside", {
    class: "leaderboard-overlay",
    id: "leaderboard-overlay",
    hidden: true,
  });
  private ended = false;
  /** Simulated ms from the start to the end of the match. */
  private endedAfter = 0;
  private readonly hintBox = h("aside", { class: "hint-box", hidden: true, "aria-live": "polite" });
  private readonly game = h("div", { class: "game" });
  private readonly boardSlot = h("div", { class: "board-slot" });
  private readonly panelSlot = h("div", { class: "panel-slot" });
  /** The scenario's title, then the session's status, clock and speed. */
  private readonly titleText = h("span", { class: "session-title" });
  private readonly statusRest = h("span");
  private readonly statusText = h(
    "span",
    { class: "session-status", id: "session-status" },
    this.titleText,
    this.statusRest,
  );
  private readonly seatText = h("span", { class: "seat-status", id: "seat-status" });
  private readonly seatsButton = h("button", {
    type: "button",
    class: "secondary small",
    id: "seats-toggle",
  });
  private readonly connection = h("span", { class: "connection", hidden: true });
  private board: Board | undefined;
  private boardLoading = false;
  private panel: Panel | undefined;
  private panelSeat = "";
  private judgementListeners = new Set<(j: JudgementView) => void>();
  private readonly offState: () => void;
  /** Texts worded when drawn are worded again after a language switch. */
  private readonly offLanguage = onLanguageChange(() => this.render());
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly ctx: GameContext;
  private destroyed = false;

  constructor(conn: Connection, code: string, playerId: string, shell: Shell) {
    this.conn = conn;
    this.playerId = playerId;
    this.ctx = {
      conn,
      view: () => conn.state,
      me: () => this.me(),
      seat: () => this.me()?.seat ?? "",
      clock: this.clock,
      board: () => this.board,
      blocked: () => this.blocked(),
      command: makeCommand(conn),
      onJudgement: (listener) => {
        this.judgementListeners.add(listener);
        return () => this.judgementListeners.delete(listener);
      },
    };
    this.lobby = createLobby(
      (seat) => void this.take(seat),
      () => this.show("game"),
    );
    this.feed = createEventFeed({ node: () => nodeOfSeat(this.me()?.seat ?? "") });
    this.score = createScorePanel();
    this.seatsButton.append(tr("play.seats"));
    this.seatsButton.addEventListener("click", () => this.show(this.mode === "lobby" ? "game" : "lobby"));
    const leave = h(
      "button",
      { type: "button", class: "secondary small", id: "leave-seat" },
      tr("play.leaveSeat"),
    );
    this.leaveButton = leave;
    leave.addEventListener("click", async () => {
      const reply = await conn.ask("seat.leave", {});
      if (reply.ok) this.show("lobby");
    });
    shell.status.append(
      h("strong", { class: "session-code" }, code),
      this.statusText,
      this.seatText,
      this.connection,
    );
    shell.actions.append(this.seatsButton, leave);
    const side = h("aside", { class: "side" }, this.panelSlot, this.score.element, this.feed.element);
    label(side, "play.sideLabel");
    // the leaderboard floats over the board when the teacher shows it: seen without scrolling
    const hide = h("button", { type: "button", class: "icon small", id: "leaderboard-hide" }, "–");
    label(hide, "score.hideLeaderboard");
    hide.addEventListener("click", () => this.leaderboardBox.classList.toggle("collapsed"));
    this.leaderboardBox.append(hide, this.leaderboard.element);
    this.boardSlot.append(this.leaderboardBox);
    this.game.append(this.boardSlot, side, this.pause.element);
    this.root.append(this.hintBox, this.lobby.element, this.game);
    shell.main.append(this.root);
    this.offState = conn.onState(throttle(() => this.render(), 100));
    this.timer = setInterval(() => this.tick(), 250);
    this.show(this.me()?.seat ? "game" : "lobby");
    this.render();
  }

  private me(): PlayerView | undefined {
    return this.conn.state.players.get(this.playerId);
  }

  finalScore(): number {
    return points(this.me()?.score ?? 0);
  }

  /** The room closed at the end of the match: the header says so from now on. */
  /** (Also called again after a language switch, the view being gone: the header stays in step.) */
  markEnded(): void {
    const s = this.conn.state.session;
    if (!this.ended) this.endedAfter = this.clock.now() - s.startTime;
    this.ended = true;
    this.renderTitle();
    setText(this.statusRest, ` · ${t("status.ended")} · ${clockText(this.endedAfter)}`);
    this.renderSeat();
    this.statusText.dataset.status = "ended";
    // nothing left to sit in or leave
    this.seatsButton.hidden = true;
    this.leaveButton.hidden = true;
  }

  welcome(message: WelcomeMessage): void {
    if (message.playerId) this.playerId = message.playerId;
    this.render();
  }

  hint(text: string): void {
    clear(this.hintBox);
    const close = h("button", { type: "button", class: "icon" }, "×");
    label(close, "shell.dismiss");
    close.addEventListener("click", () => {
      this.hintBox.hidden = true;
    });
    this.hintBox.append(
      h("strong", null, tr("play.hint")),
      " ",
      h("span", { id: "hint-text", "data-untranslated": "teacher" }, text),
      close,
    );
    this.hintBox.hidden = false;
    // the teacher's words as written, after our label
    toast(
      () => h("span", null, `${t("play.hint")} `, h("span", { "data-untranslated": "teacher" }, text)),
      "info",
      10_000,
    );
  }

  judged(j: JudgementView): void {
    for (const listener of this.judgementListeners) listener(j);
  }

  setConnection(status: "connected" | "reconnecting"): void {
    this.connection.hidden = status === "connected";
    setText(this.connection, status === "reconnecting" ? t("play.reconnecting") : "");
  }

  private blocked(): string | undefined {
    const s = this.conn.state.session;
    if (s.frozen) return t("play.frozenShort");
    if (s.status === "ended") return t("lobby.ended");
    return undefined;
  }

  private async take(seat: string): Promise<void> {
    const reply = await this.conn.ask("seat.take", { seat });
    if (!reply.ok) {
      toast(() => say(reply), "error", 8000);
      return;
    }
    toast(() => t("play.seated", { seat: seatTitle(seat) }), "success", 3000);
    this.wantGame = true;
    this.render();
  }

  private show(mode: "lobby" | "game"): void {
    if (mode === "game" && !this.me()?.seat) mode = "lobby";
    this.mode = mode;
    this.lobby.element.hidden = mode !== "lobby";
    this.game.hidden = mode !== "game";
    this.seatsButton.replaceChildren(tr(mode === "lobby" ? "play.toBoard" : "play.seats"));
    this.seatsButton.hidden = !this.me()?.seat;
    if (mode === "game") void this.ensureBoard();
    this.render();
  }

  private async ensureBoard(): Promise<void> {
    if (this.board || this.boardLoading) return;
    this.boardLoading = true;
    const { createBoard } = await import("../board/Board.ts");
    if (this.destroyed) return;
    this.board = await createBoard(
      {
        view: () => this.conn.state,
        now: () => this.clock.now(),
        mine: () => this.me()?.seat ?? "",
        canPlace: () => this.me()?.seat === "scheduler",
        speed: () => this.conn.state.session.speed,
        guidance: (pod) => this.panel?.guidance?.(pod),
      },
      {
        onPlace: (pod, node) => this.panel?.place?.(pod, node),
        onSelectPod: (pod) => this.panel?.selectPod?.(pod),
        onSelectNode: (node) => this.board?.focusNode(node),
      },
    );
    if (this.destroyed) {
      this.board.destroy();
      return;
    }
    this.boardSlot.append(this.board.element);
  }

  private async panelFor(seat: string): Promise<Panel | undefined> {
    switch (roleOfSeat(seat)) {
      case "scheduler":
        return (await import("../roles/scheduler.ts")).schedulerPanel(this.ctx);
      case "kubelet":
        return (await import("../roles/kubelet.ts")).kubeletPanel(this.ctx);
      case "controller-manager":
        return (await import("../roles/controllerManager.ts")).controllerManagerPanel(this.ctx);
      case "kube-proxy":
        return (await import("../roles/kubeProxy.ts")).kubeProxyPanel(this.ctx);
      case "user":
        return (await import("../roles/user.ts")).userPanel(this.ctx);
      case "autoscaler":
        return (await import("../roles/autoscaler.ts")).autoscalerPanel(this.ctx);
      default:
        return undefined;
    }
  }

  private async syncPanel(seat: string): Promise<void> {
    if (seat === this.panelSeat) return;
    this.panelSeat = seat;
    this.panel?.destroy?.();
    this.panel = undefined;
    clear(this.panelSlot);
    if (!seat) return;
    const panel = await this.panelFor(seat);
    if (this.panelSeat !== seat || this.destroyed || !panel) {
      panel?.destroy?.();
      return;
    }
    this.panel = panel;
    this.panelSlot.append(panel.element);
    // a new seat's panel starts at its top, not where the last one was scrolled to
    this.panelSlot.parentElement?.scrollTo({ top: 0 });
    panel.update();
  }

  private tick(): void {
    this.clock.observe(this.conn.state.session);
    if (this.mode === "game") this.panel?.update();
    this.renderStatus();
  }

  private renderTitle(): void {
    const texts = sessionTexts(this.conn.state.session);
    setText(this.titleText, texts.title);
    markAuthored(this.titleText, texts.untranslated.title);
  }

  private renderStatus(): void {
    if (this.ended) {
      this.renderTitle();
      return;
    }
    const s = this.conn.state.session;
    const elapsed = clockText(this.clock.now() - s.startTime);
    const status = t(`status.${s.status}`);
    this.renderTitle();
    setText(this.statusRest, ` · ${status} · ${elapsed}${s.speed !== 1 ? ` · ${s.speed}×` : ""}`);
    this.renderSeat();
  }

  private renderSeat(): void {
    const me = this.me();
    setText(
      this.seatText,
      me
        ? `${me.nickname}${me.seat ? ` · ${seatTitle(me.seat)}` : ""} · ${t("score.points", { n: points(me.score) })}`
        : "",
    );
    // the seat's bot stepped in after a minute of waiting work: say so once, until the next move
    const assisted = me?.seat ? this.conn.state.seats.get(me.seat)?.assisted === true : false;
    if (assisted && !this.toldAssisted) toast(t("play.assisted"), "warning", 8000);
    this.toldAssisted = assisted;
  }

  private toldAssisted = false;

  private render(): void {
    if (this.destroyed) return;
    const view = this.conn.state;
    this.clock.observe(view.session);
    const me = this.me();
    const seat = me?.seat ?? "";
    if (!seat && this.mode === "game") this.show("lobby");
    if (seat && this.wantGame) {
      this.wantGame = false;
      if (this.mode !== "game") this.show("game");
    }
    this.seatsButton.hidden = !seat;
    this.leaveButton.hidden = !seat;
    void this.syncPanel(seat);
    this.pause.update(view.session);
    const showBoard = view.session.leaderboardVisible ?? false;
    if (this.leaderboardBox.hidden === showBoard) this.leaderboardBox.classList.remove("collapsed");
    this.leaderboardBox.hidden = !showBoard;
    if (showBoard) this.leaderboard.update(view, this.playerId);
    this.renderStatus();
    if (this.mode === "lobby") this.lobby.update(view, me);
    else {
      this.panel?.update();
      this.board?.invalidate();
      this.score.update(view, me);
      this.feed.update(view, this.clock.now());
    }
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.offState();
    this.offLanguage();
    clearInterval(this.timer);
    this.panel?.destroy?.();
    this.feed.destroy();
    this.board?.destroy();
  }
}
