import "../styles/replay.css";
import type { MatchDetails } from "../../shared/protocol/http.ts";
import { type RecordedCommand, recordedByOtherSimulation } from "../../shared/replay/record.ts";
import { translationFor } from "../../shared/scenario/translations.ts";
import { tickClockText } from "../../shared/time/format.ts";
import type { Board } from "../board/Board.ts";
import { createEventFeed } from "../dom/eventFeed.ts";
import { h, k8s, label, note, phrase, reconcile, setAttr, setText, tableHead, tr } from "../dom/h.ts";
import { resetShell } from "../dom/shell.ts";
import { bindText, language, onLanguageChange, say, t } from "../i18n/i18n.ts";
import { api } from "../net/api.ts";
import { tokenForMatch } from "../net/identity.ts";
import { explanationTable } from "../roles/explainTable.ts";
import type { Screen } from "../router.ts";
import { nodeStatus, seatTitle, sortedNodes } from "../state/view.ts";

/**
 * The replay viewer (`/replay/ID`, `?t=TICK` to open at a moment): the recorded match re-run in the
 * browser, with play/pause, speed, a timeline with its markers, scrubbing, "next event", the board and
 * the cluster's nodes as text at that moment, the view of any seat or the seat a student held, and
 * every move beside what the bot would have done.
 */
export const replayScreen: Screen = async ({ id = "" }) => {
  const shell = resetShell("replay.title");
  shell.main.classList.add("screen-replay");
  const status = h(
    "div",
    { class: "card center-card", role: "status" },
    tr("replay.loading", undefined, "p"),
  );
  shell.main.append(status);
  const token = tokenForMatch(id);
  const auth = token ? { token } : {};
  const [details, res] = await Promise.all([
    api<MatchDetails>(`/matches/${encodeURIComponent(id)}`, auth),
    api<unknown>(`/matches/${encodeURIComponent(id)}/record`, auth),
  ]);
  if (!res.ok) {
    status.replaceChildren(
      h("p", { class: "form-error" }, say(res.error)),
      h("a", { href: "/matches", class: "button" }, tr("teach.matches")),
    );
    return undefined;
  }
  setText(status.firstElementChild as HTMLElement, t("replay.preparing"));
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const { parseMatchRecord } = await import("../../shared/replay/record.ts");
  const parsed = parseMatchRecord(res.data);
  if (!parsed.ok) {
    status.replaceChildren(h("p", { class: "form-error" }, parsed.error));
    return undefined;
  }
  const { ReplayPlayer, SPEEDS } = await import("../replay/ReplayPlayer.ts");
  const { describeMove } = await import("../replay/compare.ts");
  const opened = ReplayPlayer.open(parsed.record);
  if (!opened.ok) {
    status.replaceChildren(h("p", { class: "form-error" }, opened.error));
    return undefined;
  }
  status.remove();
  const player = opened.player;
  const record = parsed.record;
  const startTick = Number(new URLSearchParams(window.location.search).get("t") ?? 0);
  if (startTick > 0) player.seek(startTick);

  // --- header and transport ------------------------------------------------------------------------
  const time = h("span", { class: "session-status", id: "replay-time" });
  // the scenario's title in the page's language, or as its author wrote it
  const title = h("strong", { id: "replay-title" });
  const wordTitle = () => {
    const translated = translationFor(player.translations, language())?.title;
    setText(title, translated ?? record.scenario.title);
    setAttr(title, "data-untranslated", translated ? null : "author");
  };
  wordTitle();
  shell.status.append(title, time);
  const play = h("button", { type: "button", class: "primary", id: "replay-play" });
  const speed = h(
    "select",
    { id: "replay-speed" },
    ...SPEEDS.map((s) => h("option", { value: String(s) }, `${s}×`)),
  );
  speed.value = "1";
  label(speed, "replay.speed");
  const scrub = h("input", {
    type: "range",
    min: "0",
    max: String(player.endTick),
    step: "1",
    id: "replay-scrub",
    class: "scrub",
  });
  label(scrub, "replay.timeline");
  const next = h("button", { type: "button", id: "replay-next" }, tr("replay.next"));
  // each marker's title is a move or a Kubernetes event, as the command or the event says it
  const track = h("div", { class: "marker-track", "aria-hidden": "true", translate: "no" });
  const markers = player.markers.filter((m) => m.tick <= player.endTick);
  for (const m of markers) {
    if (m.kind === "refused") continue;
    track.append(
      h("span", {
        class: `marker marker-${m.kind}`,
        style: `left:${(m.tick / Math.max(1, player.endTick)) * 100}%`,
        title: m.label,
      }),
    );
  }
  const markerList = h("ol", { class: "marker-list", id: "markers" });
  for (const m of markers) {
    // a move or a Kubernetes event, as the command or the event says it
    const b = h(
      "button",
      { type: "button", class: `link marker-${m.kind}` },
      `${tickClockText(m.tick)} · `,
      k8s(m.label),
    );
    b.addEventListener("click", () => jump(m.tick));
    markerList.append(h("li", { class: `kind-${m.kind}` }, b));
  }
  const transport = h(
    "div",
    { class: "transport" },
    play,
    speed,
    h("div", { class: "scrub-wrap" }, scrub, track),
    next,
  );

  // --- side ------------------------------------------------------------------------------------------
  const viewAs = h("select", { id: "replay-view-as" });
  label(viewAs, "replay.viewAs");
  viewAs.append(bindText(h("option", { value: "" }), "replay.everyone"));
  for (const seat of Object.keys(player.engine.state.seats)
    .filter((s) => s !== "instructor" && s !== "scenario")
    .sort()) {
    viewAs.append(h("option", { value: seat }, seatTitle(seat)));
  }
  const follow = h("select", { id: "replay-follow" });
  label(follow, "replay.follow");
  follow.append(
    h("option", { value: "" }, "—"),
    ...record.players.map((p) => h("option", { value: p.id }, p.nickname)),
  );
  const mismatch = h("p", {
    class: "mismatch",
    role: "alert",
    hidden: player.replay.mismatches.length === 0,
  });
  if (player.replay.mismatches.length) {
    setText(
      mismatch,
      [
        t("replay.mismatch", {
          n: player.replay.mismatches.length,
          tick: player.replay.mismatches[0]?.tick ?? 0,
        }),
        recordedByOtherSimulation(player.replay.record.simulation) ? t("replay.otherSimulation") : "",
      ].join(" "),
    );
  }
  const verified =
    details.ok && details.data.verified === false
      ? h("p", { class: "mismatch" }, t("replay.unverified"))
      : null;
  const nodesBody = h("tbody", { id: "replay-nodes" });
  const nodesTable = h(
    "table",
    { class: "nodes-now" },
    h("caption", null, tr("replay.nodesNow")),
    tableHead("NAME", "STATUS", "PODS", "CPU", "MEMORY"),
    nodesBody,
  );
  // kubectl's columns and values
  nodesTable.tHead?.setAttribute("translate", "no");
  nodesBody.setAttribute("translate", "no");
  const summary = h("p", { class: "replay-summary", id: "replay-summary" });
  const moves = h("ol", { class: "moves", id: "replay-moves" });
  const noMoves = note("replay.noMoves");
  const feed = createEventFeed({ id: "replay-events" });
  const side = h(
    "aside",
    { class: "replay-side" },
    mismatch,
    verified,
    h("div", { class: "field inline" }, h("label", { for: "replay-view-as" }, tr("replay.viewAs")), viewAs),
    h("div", { class: "field inline" }, h("label", { for: "replay-follow" }, tr("replay.follow")), follow),
    summary,
    h("div", { class: "table-scroll" }, nodesTable),
    h("h2", null, tr("replay.moves")),
    moves,
    noMoves,
    h(
      "details",
      { class: "marker-details" },
      h("summary", null, tr("replay.markers", { n: markers.length })),
      markerList,
    ),
    feed.element,
  );
  const boardSlot = h("div", { class: "board-slot" });
  shell.main.append(
    h("div", { class: "replay" }, h("div", { class: "replay-main" }, boardSlot, transport), side),
  );

  let board: Board | undefined;
  const seat = () => (follow.value ? player.seatOf(follow.value) : viewAs.value);
  const { createBoard } = await import("../board/Board.ts");
  board = await createBoard(
    {
      view: () => player.view(),
      now: () => player.engine.now,
      mine: seat,
      canPlace: () => false,
      speed: () => player.speed,
    },
    { onSelectNode: (node) => board?.focusNode(node) },
  );
  boardSlot.append(board.element);

  const jump = (tick: number) => {
    player.seek(tick);
    board?.jumped();
    render(true);
  };
  play.addEventListener("click", () => {
    if (player.tick >= player.endTick) player.seek(0);
    player.playing = !player.playing;
    render(true);
  });
  speed.addEventListener("change", () => {
    player.speed = Number(speed.value);
  });
  scrub.addEventListener("input", () => jump(Number(scrub.value)));
  next.addEventListener("click", () => {
    const m = player.nextMarker();
    if (m) jump(m.tick);
  });
  viewAs.addEventListener("change", () => render(true));
  follow.addEventListener("change", () => render(true));

  const renderMoves = () => {
    const list = player.moves(seat());
    noMoves.hidden = list.length > 0;
    reconcile(
      moves,
      list,
      (m) => String(m.seq),
      (m) => moveItem(m),
      (li, m) => {
        const cmp = player.comparison(m.seq);
        const out = li.querySelector(".cmp") as HTMLElement;
        if (cmp && !out.dataset.done) {
          out.dataset.done = "1";
          out.className = `cmp cmp-${cmp.verdict}`;
          const said = cmp.said;
          out.replaceChildren();
          if (said) {
            const params: Record<string, string | number | Node> = { ...said.params };
            for (const name of said.k8s ?? []) params[name] = k8s(String(said.params[name] ?? ""));
            out.append(
              `${cmp.verdict === "differs" ? "≠ " : cmp.verdict === "same" ? "= " : ""}${t("replay.bot")} `,
              phrase(said.key, params),
            );
          }
          if (cmp.explanation) {
            const details = h(
              "details",
              null,
              h("summary", null, tr("replay.explain")),
              explanationTable(cmp.explanation, String(m.command.node ?? "")),
            );
            out.after(details);
          }
        }
      },
    );
  };
  const moveItem = (m: RecordedCommand): HTMLElement => {
    const who =
      player.nickname(m.player) || (m.seat === "instructor" ? t("replay.instructor") : t("board.bot"));
    return h(
      "li",
      { class: m.ok ? "move" : "move refused" },
      h("button", { type: "button", class: "link move-time" }, tickClockText(m.tick)),
      ` ${who}${m.seat === "instructor" ? "" : ` · ${seatTitle(m.seat)}`} · `,
      h("code", { translate: "no" }, describeMove(m.command)),
      // the engine's refusal is Kubernetes' words (`pods "x" not found` ...)
      m.ok ? null : h("span", { class: "refusal" }, ` — ${t("replay.refused")}: `, k8s(m.message ?? "")),
      h("p", { class: "cmp" }),
    );
  };
  moves.addEventListener("click", (event) => {
    const li = (event.target as HTMLElement).closest("li");
    if ((event.target as HTMLElement).classList.contains("move-time") && li?.dataset.key) {
      const m = record.commands.find((c) => String(c.seq) === li.dataset.key);
      if (m) jump(m.tick);
    }
  });

  let lastRender = 0;
  const render = (force = false) => {
    const now = performance.now();
    if (!force && now - lastRender < 120) return;
    lastRender = now;
    const view = player.view();
    setText(play, player.playing ? `❚❚ ${t("replay.pause")}` : `▶ ${t("replay.play")}`);
    setAttr(play, "aria-pressed", String(player.playing));
    if (document.activeElement !== scrub) scrub.value = String(player.tick);
    setAttr(scrub, "aria-valuetext", tickClockText(player.tick));
    setText(time, `${tickClockText(player.tick)} / ${tickClockText(player.endTick)}`);
    const list = sortedNodes(view);
    reconcile(
      nodesBody,
      list,
      (n) => n.name,
      () => h("tr", null, h("th", { scope: "row" }), h("td", { class: "status" }), h("td"), h("td"), h("td")),
      (row, n) => {
        const cells = row.children;
        setText(cells[0] as HTMLElement, n.name);
        setText(cells[1] as HTMLElement, nodeStatus(n));
        (cells[1] as HTMLElement).className = n.ready === "Ready" ? "status ok" : "status bad";
        setText(cells[2] as HTMLElement, String(n.pods));
        setText(cells[3] as HTMLElement, `${Math.round((n.requestedCpu / Math.max(1, n.cpu)) * 100)}%`);
        setText(cells[4] as HTMLElement, `${Math.round((n.requestedMemory / Math.max(1, n.memory)) * 100)}%`);
      },
    );
    let pending = 0;
    let running = 0;
    view.pods.forEach((p) => {
      if (p.phase === "Pending") pending++;
      else if (p.phase === "Running") running++;
    });
    const s = seat();
    setText(
      summary,
      `${s ? `${t("replay.viewing", { seat: seatTitle(s) })} · ` : ""}${t("replay.summary", { running, pending })}`,
    );
    renderMoves();
    feed.update(view, player.engine.now);
    board?.invalidate();
  };

  // compare the moves shown, a few per frame, while not playing fast
  let frame = 0;
  let last = performance.now();
  const loop = (now: number) => {
    const moved = player.advance(now - last);
    last = now;
    if (moved) render();
    if (!player.playing || player.speed <= 4) {
      const start = performance.now();
      for (const m of player.moves(seat(), 12)) {
        if (performance.now() - start > 8) break;
        if (!player.comparison(m.seq)) {
          player.compare(m);
          renderMoves();
        }
      }
    }
    frame = requestAnimationFrame(loop);
  };
  frame = requestAnimationFrame(loop);
  render(true);
  // what was worded once (the comparisons, the title, who made each move) is worded again
  const offLanguage = onLanguageChange(() => {
    wordTitle();
    moves.replaceChildren();
    render(true);
  });
  document.documentElement.dataset.replayReady = "true";
  return () => {
    offLanguage();
    cancelAnimationFrame(frame);
    board?.destroy();
    feed.destroy();
    delete document.documentElement.dataset.replayReady;
  };
};
