import { goalLine, markAuthored, sessionTexts } from "../state/scenarioTexts.ts";
import "../styles/teach.css";
import type { MatchOutcome } from "../../shared/protocol/replies.ts";
import { clockText } from "../../shared/time/format.ts";
import type { Board } from "../board/Board.ts";
import { createEventFeed, type EventFeed } from "../dom/eventFeed.ts";
import { h, label, setText, throttle, tr } from "../dom/h.ts";
import { createPauseOverlay } from "../dom/pauseOverlay.ts";
import { type Shell, toast } from "../dom/shell.ts";
import { onLanguageChange, say, t } from "../i18n/i18n.ts";
import { classTab } from "../instructor/classTab.ts";
import type { Tab, TeachContext } from "../instructor/context.ts";
import { faultsTab } from "../instructor/faultsTab.ts";
import { seatsTab } from "../instructor/seatsTab.ts";
import type { Connection } from "../net/connection.ts";
import { makeCommand } from "../roles/context.ts";
import { SimClock } from "../state/clock.ts";

/**
 * The instructor's dashboard: the live board on the left; on the right, tabs for the class (join code,
 * QR code, start/pause/speed/end, freeze, hints, leaderboard), the seats and players, faults on demand,
 * and the event feed with a kubectl console.
 */
export class InstructorView {
  private readonly conn: Connection;
  private readonly clock = new SimClock();
  /** The scenario's title, then the session's status, clock and speed. */
  private readonly titleText = h("span", { class: "session-title" });
  private readonly statusRest = h("span");
  private readonly status = h(
    "span",
    { class: "session-status", id: "session-status" },
    this.titleText,
    this.statusRest,
  );
  private readonly tabs: { id: string; tab: Tab; button: HTMLButtonElement; panel: HTMLElement }[] = [];
  private readonly feed: EventFeed;
  private board: Board | undefined;
  private readonly offState: () => void;
  /** Texts worded when drawn are worded again after a language switch. */
  private readonly offLanguage = onLanguageChange(() => this.render());
  private readonly timer: ReturnType<typeof setInterval>;
  private destroyed = false;
  private ended = false;
  /** Simulated ms from the start to the end of the match. */
  private endedAfter = 0;
  private lastOutcome: MatchOutcome | undefined;
  private readonly pause = createPauseOverlay("teacher");

  constructor(conn: Connection, code: string, shell: Shell, links: TeachContext["links"]) {
    this.conn = conn;
    const ctx: TeachContext = {
      conn,
      code,
      links,
      view: () => conn.state,
      clock: this.clock,
      command: makeCommand(conn),
      ask: async (type, payload) => {
        const reply = await conn.ask(type, payload);
        if (!reply.ok) toast(() => say(reply), "error", 8000);
        else if (reply.code) toast(() => say(reply), "success");
        return reply;
      },
      focusNode: (node) => this.board?.focusNode(node),
    };
    shell.status.append(h("strong", { class: "session-code" }, code), this.status);
    this.feed = createEventFeed({ id: "teach-events" });
    const defs: [string, Parameters<typeof tr>[0], Tab][] = [
      ["class", "teach.tabClass", classTab(ctx)],
      ["seats", "teach.tabSeats", seatsTab(ctx)],
      ["faults", "teach.tabFaults", faultsTab(ctx)],
      [
        "events",
        "teach.tabEvents",
        { element: this.feed.element, update: () => this.feed.update(conn.state, this.clock.now()) },
      ],
    ];
    const tablist = h("div", { role: "tablist", class: "tabs teach-tabs" });
    label(tablist, "teach.tabs");
    const panels = h("div", { class: "teach-panels" });
    for (const [id, key, tab] of defs) {
      const button = h(
        "button",
        { type: "button", role: "tab", id: `tab-${id}`, "aria-controls": `panel-${id}` },
        tr(key),
      );
      const panel = h(
        "section",
        { role: "tabpanel", id: `panel-${id}`, "aria-labelledby": `tab-${id}`, class: "teach-panel" },
        tab.element,
      );
      button.addEventListener("click", () => this.select(id));
      tablist.append(button);
      panels.append(panel);
      this.tabs.push({ id, tab, button, panel });
    }
    tablist.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
      const index = this.tabs.findIndex((x) => x.button.getAttribute("aria-selected") === "true");
      const next =
        this.tabs[(index + (event.key === "ArrowRight" ? 1 : this.tabs.length - 1)) % this.tabs.length];
      if (next) {
        this.select(next.id);
        next.button.focus();
      }
    });
    const boardSlot = h("div", { class: "board-slot" }, this.pause.element);
    const side = h("aside", { class: "teach-side" }, tablist, panels);
    shell.main.append(h("div", { class: "teach" }, boardSlot, side));
    this.select("class");
    this.offState = conn.onState(throttle(() => this.render(), 150));
    this.timer = setInterval(() => this.tick(), 500);
    this.render();
    void (async () => {
      const { createBoard } = await import("../board/Board.ts");
      if (this.destroyed) return;
      const board = await createBoard(
        {
          view: () => conn.state,
          now: () => this.clock.now(),
          mine: () => "",
          canPlace: () => false,
          speed: () => conn.state.session.speed,
        },
        { onSelectNode: (node) => board.focusNode(node) },
      );
      if (this.destroyed) {
        board.destroy();
        return;
      }
      this.board = board;
      boardSlot.append(board.element);
    })();
  }

  private select(id: string): void {
    for (const x of this.tabs) {
      const on = x.id === id;
      x.button.setAttribute("aria-selected", String(on));
      x.button.tabIndex = on ? 0 : -1;
      x.panel.hidden = !on;
      if (on) x.tab.update();
    }
  }

  outcome(outcome: MatchOutcome): void {
    this.lastOutcome = outcome;
  }

  /** The end of the match: won or lost, and each goal. */
  renderOutcome(box: HTMLElement): void {
    const o = this.lastOutcome;
    if (!o) return;
    box.append(
      h(
        "p",
        { class: o.won ? "ok-text big-text" : "bad-text big-text", id: "outcome" },
        o.won ? t("teach.won") : t("teach.lost"),
      ),
      h(
        "ul",
        { class: "goal-list" },
        ...o.goals.map((g) => h("li", { class: g.met ? "ok" : "bad" }, goalLine(g))),
      ),
    );
  }

  /** The room closed at the end of the match: the header says so from now on. */
  /** (Also called again after a language switch, the view being gone: the header stays in step.) */
  markEnded(): void {
    const s = this.conn.state.session;
    if (!this.ended) this.endedAfter = this.clock.now() - s.startTime;
    this.ended = true;
    this.renderTitle();
    setText(this.statusRest, ` · ${t("status.ended")} · ${clockText(this.endedAfter)}`);
    this.status.dataset.status = "ended";
  }

  private renderTitle(): void {
    const texts = sessionTexts(this.conn.state.session);
    setText(this.titleText, texts.title);
    markAuthored(this.titleText, texts.untranslated.title);
  }

  private tick(): void {
    if (this.ended) return;
    this.clock.observe(this.conn.state.session);
    const s = this.conn.state.session;
    this.renderTitle();
    setText(
      this.statusRest,
      ` · ${t(`status.${s.status}`)} · ${clockText(this.clock.now() - s.startTime)}${s.durationSeconds ? ` / ${clockText(s.durationSeconds * 1000)}` : ""} · ${s.speed}×${s.frozen ? ` · ${t("teach.frozen")}` : ""}`,
    );
  }

  private render(): void {
    if (this.destroyed) return;
    this.tick();
    this.pause.update(this.conn.state.session);
    this.board?.invalidate();
    const active = this.tabs.find((x) => !x.panel.hidden);
    active?.tab.update();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.offState();
    this.offLanguage();
    clearInterval(this.timer);
    this.feed.destroy();
    this.board?.destroy();
    for (const x of this.tabs) x.tab.destroy?.();
  }
}
