import "../styles/projector.css";
import type { MatchOutcome } from "../../shared/protocol/replies.ts";
import type { SyncedArray, WinConditionLineView } from "../../shared/protocol/state.ts";
import { clockText } from "../../shared/time/format.ts";
import type { Board } from "../board/Board.ts";
import { h, label, reconcile, setText, throttle, tr } from "../dom/h.ts";
import { createLeaderboard, ranking } from "../dom/leaderboard.ts";
import { endedLinks } from "../dom/matchLinks.ts";
import { createPauseOverlay } from "../dom/pauseOverlay.ts";
import { podium } from "../dom/podium.ts";
import type { Shell } from "../dom/shell.ts";
import { createTicker } from "../dom/ticker.ts";
import { onLanguageChange, t } from "../i18n/i18n.ts";
import type { Connection } from "../net/connection.ts";
import { SimClock } from "../state/clock.ts";
import { goalLine, markAuthored, sessionTexts, winConditionText } from "../state/scenarioTexts.ts";

/**
 * The teacher's shared screen. Before the start: the join code, its QR code and address, large, and
 * the names of the students as they join. Once running: the board fitted to the screen (at 1366x768,
 * text of 14 px or more), a large timer, what the class must achieve, a ticker of what just happened,
 * the leaderboard over the board when the teacher shows it, and an overlay while paused or frozen.
 * At the end: the outcome, the podium, and the links to the debrief and the replay.
 */
export class ProjectorView {
  private readonly conn: Connection;
  private readonly code: string;
  private readonly clock = new SimClock();
  private readonly root = h("div", { class: "projector", id: "projector" });
  private readonly lobby = h("section", { class: "projector-lobby", id: "projector-lobby" });
  private readonly game = h("section", { class: "projector-game", id: "projector-game", hidden: true });
  private readonly end = h("section", { class: "projector-end", id: "projector-end", hidden: true });
  private readonly names = h("ul", {
    class: "projector-names",
    id: "projector-names",
    "aria-live": "polite",
  });
  private readonly count = h("p", { class: "projector-count", id: "projector-count" });
  private readonly lobbyTitle = h("h1", { class: "projector-title" });
  private readonly lobbyDescription = h("p", { class: "projector-description" });
  private readonly title = h("span", { class: "projector-scenario" });
  private readonly wins = h("ul", { class: "projector-wins", id: "projector-wins" });
  private readonly timer = h("span", { class: "projector-timer", id: "projector-timer" });
  private readonly total = h("span", { class: "projector-total" });
  private readonly status = h("span", { class: "projector-status", id: "session-status" });
  private readonly boardSlot = h("div", { class: "projector-board" });
  private readonly ticker = createTicker({ id: "projector-ticker", shown: 2 });
  private readonly leaderboard = createLeaderboard({ id: "projector-leaderboard", limit: 10 });
  private readonly leaderboardOverlay = h("aside", {
    class: "projector-leaderboard",
    id: "projector-leaderboard-overlay",
    hidden: true,
  });
  private readonly pause = createPauseOverlay("projector");
  private board: Board | undefined;
  private boardLoading = false;
  private outcomeValue: MatchOutcome | undefined;
  private readonly offState: () => void;
  /** Texts worded when drawn are worded again after a language switch. */
  private readonly offLanguage = onLanguageChange(() => this.render());
  private readonly timerId: ReturnType<typeof setInterval>;
  private destroyed = false;
  private finished = false;
  /** The class as it stood when the room closed, for the podium. */
  private ranked: ReturnType<typeof ranking> = [];

  constructor(conn: Connection, code: string, shell: Shell, links: { joinUrl: string; qrUrl: string }) {
    this.conn = conn;
    this.code = code;
    const qr = label(
      h("img", { src: links.qrUrl, class: "projector-qr", id: "projector-qr" }),
      "teach.qr",
      { url: links.joinUrl },
      "alt",
    );
    // the public address may not be reachable from this browser: the QR code from this page's address
    const local = `/api/sessions/${encodeURIComponent(code)}/qr.svg`;
    qr.addEventListener("error", () => {
      if (qr.getAttribute("src") !== local) qr.src = local;
    });
    this.lobby.append(
      h(
        "div",
        { class: "projector-join" },
        qr,
        h(
          "div",
          { class: "projector-join-text" },
          h("p", { class: "projector-eyebrow" }, tr("projector.joinAt")),
          // read aloud and typed: if it must break, it breaks after a slash, never inside the code
          h(
            "p",
            { class: "projector-url", id: "projector-url", translate: "no" },
            ...links.joinUrl
              .replace(/^https?:\/\//, "")
              .split("/")
              .flatMap((part, i) => (i === 0 ? [part] : ["/", h("wbr"), part])),
          ),
          h("p", { class: "projector-eyebrow" }, tr("projector.withCode")),
          h("p", { class: "projector-code", id: "projector-code" }, code),
          this.lobbyTitle,
          this.lobbyDescription,
        ),
      ),
      h("div", { class: "projector-roster" }, this.count, this.names),
    );
    this.leaderboardOverlay.append(this.leaderboard.element);
    const boardArea = h(
      "div",
      { class: "projector-board-area" },
      this.boardSlot,
      this.leaderboardOverlay,
      this.pause.element,
    );
    this.game.append(boardArea, this.ticker.element);
    this.root.append(this.lobby, this.game, this.end);
    shell.status.append(
      h("strong", { class: "session-code" }, code),
      h("span", { class: "projector-heading" }, this.title, this.wins),
    );
    shell.actions.append(h("span", { class: "projector-clock" }, this.status, this.timer, this.total));
    shell.main.append(this.root);
    this.offState = conn.onState(throttle(() => this.render(), 150));
    this.timerId = setInterval(() => this.tick(), 250);
    this.render();
  }

  private render(): void {
    if (this.destroyed) return;
    if (this.finished) {
      this.drawEnd();
      return;
    }
    const view = this.conn.state;
    const s = view.session;
    this.clock.observe(s);
    const phase = s.status === "lobby" ? "lobby" : s.status === "ended" ? "end" : "game";
    this.lobby.hidden = phase !== "lobby";
    this.game.hidden = phase !== "game";
    this.renderScenario();
    // names as they join, newest first (a KubeCon room may bring hundreds: the latest 120)
    const joined: { id: string; nickname: string; connected: boolean }[] = [];
    view.players.forEach((p) => {
      joined.push({ id: p.id, nickname: p.nickname, connected: p.connected });
    });
    setText(this.count, t("projector.joined", { n: joined.length }));
    reconcile(
      this.names,
      joined.slice(-120).reverse(),
      (p) => p.id,
      () => h("li", { class: "projector-name" }),
      (li, p) => {
        setText(li, p.nickname);
        li.classList.toggle("offline", !p.connected);
      },
    );
    if (phase === "game") {
      void this.ensureBoard();
      this.board?.invalidate();
      this.ticker.update(view, this.clock.now());
      this.leaderboardOverlay.hidden = !s.leaderboardVisible;
      if (s.leaderboardVisible) this.leaderboard.update(view);
    }
    this.pause.update(s);
    this.tick();
  }

  private tick(): void {
    if (this.finished) return;
    const s = this.conn.state.session;
    this.clock.observe(s);
    setText(this.timer, s.status === "lobby" ? "0:00" : clockText(this.clock.now() - s.startTime));
    setText(this.total, s.durationSeconds ? `/ ${clockText(s.durationSeconds * 1000)}` : "");
    setText(this.status, t(`status.${s.status}`));
    this.status.dataset.status = s.status;
  }

  private async ensureBoard(): Promise<void> {
    if (this.board || this.boardLoading) return;
    this.boardLoading = true;
    const { createBoard } = await import("../board/Board.ts");
    if (this.destroyed) return;
    const conn = this.conn;
    const board = await createBoard({
      view: () => conn.state,
      now: () => this.clock.now(),
      mine: () => "",
      canPlace: () => false,
      speed: () => conn.state.session.speed,
    });
    if (this.destroyed) {
      board.destroy();
      return;
    }
    this.board = board;
    this.boardSlot.append(board.element);
  }

  outcome(outcome: MatchOutcome): void {
    this.outcomeValue = outcome;
  }

  /** The session ended (the room closed): the podium from the last scores, the outcome, the links. */
  finish(): void {
    if (this.finished) return;
    this.ranked = ranking(this.conn.state);
    this.finished = true;
    this.offState();
    clearInterval(this.timerId);
    this.status.dataset.status = "ended";
    this.board?.destroy();
    this.board = undefined;
    this.lobby.hidden = true;
    this.game.hidden = true;
    this.end.hidden = false;
    this.drawEnd();
  }

  /** The end screen, in the page's language (drawn again after a language switch). */
  private drawEnd(): void {
    const ranked = this.ranked;
    setText(this.status, t("status.ended"));
    this.renderScenario();
    const o = this.outcomeValue;
    const links = h("div", { class: "projector-links" });
    // side by side on the projector: the verdict and what was missing, and the podium
    this.end.replaceChildren(
      h(
        "div",
        { class: "projector-end-grid" },
        h(
          "div",
          { class: "projector-verdict" },
          h("h1", null, tr("play.endedTitle")),
          o
            ? h(
                "p",
                { class: o.won ? "ok-text big-text" : "bad-text big-text", id: "outcome" },
                o.won ? t("teach.won") : t("teach.lost"),
              )
            : "",
          o
            ? h(
                "ul",
                { class: "goal-list projector-goals" },
                ...o.goals.map((g) => h("li", { class: g.met ? "ok" : "bad" }, goalLine(g))),
              )
            : "",
          links,
        ),
        podium(ranked),
      ),
    );
    void endedLinks(links, this.code);
  }

  /** The scenario's title, description and win conditions (lobby and header), in the page's language. */
  private renderScenario(): void {
    const s = this.conn.state.session;
    const texts = sessionTexts(s);
    setText(this.lobbyTitle, texts.title);
    setText(this.lobbyDescription, texts.description);
    setText(this.title, texts.title);
    markAuthored(this.lobbyTitle, texts.untranslated.title);
    markAuthored(this.lobbyDescription, texts.untranslated.description);
    markAuthored(this.title, texts.untranslated.title);
    fill(this.wins, s.winConditions);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.offState();
    this.offLanguage();
    clearInterval(this.timerId);
    this.board?.destroy();
  }
}

function fill(list: HTMLElement, lines: SyncedArray<WinConditionLineView> | undefined): void {
  const items: string[] = [];
  lines?.forEach((line) => {
    items.push(winConditionText(line));
  });
  reconcile(
    list,
    items.map((text, i) => ({ text, i })),
    (x) => String(x.i),
    () => h("li"),
    (li, x) => setText(li, x.text),
  );
  list.hidden = items.length === 0;
}
