import { MAX_SPEED, MIN_SPEED } from "../../shared/protocol/messages.ts";
import { h, label, setText, tr } from "../dom/h.ts";
import { t } from "../i18n/i18n.ts";
import { seatsInOrder, seatTitle } from "../state/view.ts";
import type { Tab, TeachContext } from "./context.ts";

/**
 * Running the class: the code, join URL and QR code to show the room; start, pause, resume, speed and
 * end; lock and late join; freeze the class with a message; hints to everyone, a seat or a player; the
 * leaderboard; and the session's counters.
 */
export function classTab(ctx: TeachContext): Tab {
  const { joinUrl, qrUrl } = ctx.links;
  const copy = h("button", { type: "button", class: "small" }, tr("teach.copy"));
  copy.addEventListener("click", () => void navigator.clipboard?.writeText(joinUrl));
  const qr = h("img", { src: qrUrl, class: "qr", width: "176", height: "176", id: "join-qr" });
  // the public address may not be reachable from this browser (a proxy, another network): the same
  // QR code from the address this page came from
  const local = `/api/sessions/${encodeURIComponent(ctx.code)}/qr.svg`;
  qr.addEventListener("error", () => {
    if (qr.getAttribute("src") !== local) qr.src = local;
  });
  label(qr, "teach.qr", { url: joinUrl }, "alt");
  const join = h(
    "div",
    { class: "join-info" },
    qr,
    h(
      "div",
      null,
      h("p", { class: "eyebrow" }, tr("teach.code")),
      h("p", { class: "big-code", id: "join-code-display" }, ctx.code),
      h(
        "p",
        null,
        h("a", { href: joinUrl, id: "join-url", target: "_blank", rel: "noopener" }, joinUrl),
        " ",
        copy,
      ),
    ),
  );

  const start = h("button", { type: "button", class: "primary", id: "session-start" }, tr("teach.start"));
  const pause = h("button", { type: "button", id: "session-pause" }, tr("teach.pause"));
  const resume = h("button", { type: "button", class: "primary", id: "session-resume" }, tr("teach.resume"));
  const end = h("button", { type: "button", class: "danger", id: "session-end" }, tr("teach.end"));
  start.addEventListener("click", () => void ctx.ask("session.start", {}));
  pause.addEventListener("click", () => void ctx.ask("session.pause", {}));
  resume.addEventListener("click", () => void ctx.ask("session.resume", {}));
  end.addEventListener("click", () => {
    if (window.confirm(t("teach.endConfirm"))) void ctx.ask("session.end", {});
  });
  const speed = h("input", {
    type: "range",
    min: String(MIN_SPEED),
    max: String(MAX_SPEED),
    step: "0.5",
    id: "session-speed",
  });
  const speedValue = h("output", { for: "session-speed", id: "speed-value" });
  speed.addEventListener("input", () => setText(speedValue, `${speed.value}×`));
  speed.addEventListener("change", () => void ctx.ask("session.speed", { speed: Number(speed.value) }));
  const lock = h("input", { type: "checkbox", id: "session-lock" });
  lock.addEventListener("change", () => void ctx.ask("session.lock", { locked: lock.checked }));
  const late = h("input", { type: "checkbox", id: "session-late" });
  late.addEventListener("change", () => void ctx.ask("session.lateJoin", { allowed: late.checked }));
  const seats = h(
    "select",
    { id: "session-seat-choice" },
    h("option", { value: "free" }),
    h("option", { value: "assigned" }),
  );
  seats.addEventListener(
    "change",
    () => void ctx.ask("session.seatChoice", { mode: seats.value === "assigned" ? "assigned" : "free" }),
  );
  // how much of kube-scheduler's view a human scheduler gets before a move
  const help = h(
    "select",
    { id: "session-help" },
    h("option", { value: "full" }),
    h("option", { value: "reasons" }),
    h("option", { value: "none" }),
  );
  help.addEventListener("change", () => {
    const level = help.value === "none" || help.value === "reasons" ? help.value : "full";
    void ctx.ask("session.help", { level });
  });
  const heartbeats = h("input", { type: "checkbox", id: "session-heartbeats" });
  heartbeats.addEventListener(
    "change",
    () => void ctx.ask("session.heartbeats", { manual: heartbeats.checked }),
  );
  const leaderboard = h("input", { type: "checkbox", id: "session-leaderboard" });
  leaderboard.addEventListener(
    "change",
    () => void ctx.ask("session.leaderboard", { visible: leaderboard.checked }),
  );

  const freezeText = h("input", { id: "freeze-text", maxlength: "500" });
  label(freezeText, "teach.freezeMessage", undefined, "placeholder");
  label(freezeText, "teach.freezeMessage");
  const freeze = h("button", { type: "button", id: "freeze" });
  freeze.addEventListener("click", () => {
    if (ctx.view().session.frozen) void ctx.ask("session.unfreeze", {});
    else void ctx.ask("session.freeze", { message: freezeText.value || t("teach.freezeDefault") });
  });

  const hintText = h("textarea", { id: "hint-text-input", rows: "2", maxlength: "500" });
  label(hintText, "teach.hintText");
  const hintTo = h("select", { id: "hint-to" });
  label(hintTo, "teach.hintTo");
  const sendHint = h("button", { type: "button", class: "primary", id: "hint-send" }, tr("teach.sendHint"));
  sendHint.addEventListener("click", async () => {
    const text = hintText.value.trim();
    if (!text) return;
    const to = hintTo.value;
    const payload = to.startsWith("seat:")
      ? { text, seat: to.slice(5) }
      : to.startsWith("player:")
        ? { text, playerId: to.slice(7) }
        : { text };
    const reply = await ctx.ask("hint", payload);
    if (reply.ok) hintText.value = "";
  });

  const stats = h("p", { class: "hint", id: "session-stats" });
  const load = h("p", { class: "hint", id: "session-load" });
  const element = h(
    "div",
    { class: "class-tab" },
    join,
    h("div", { class: "controls" }, start, pause, resume, end),
    h(
      "div",
      { class: "field inline" },
      h("label", { for: "session-speed" }, tr("teach.speed")),
      speed,
      speedValue,
    ),
    h(
      "div",
      { class: "switches" },
      h("label", { class: "check" }, lock, " ", tr("teach.lock")),
      h("label", { class: "check" }, late, " ", tr("teach.lateJoin")),
      h("label", { class: "check" }, leaderboard, " ", tr("teach.leaderboard")),
      h("label", { class: "check" }, heartbeats, " ", tr("teach.manualHeartbeats")),
      h("label", { class: "inline" }, tr("teach.seatChoice"), " ", seats),
      h("label", { class: "inline" }, tr("teach.helpLevel"), " ", help),
    ),
    h("h3", null, tr("teach.freeze")),
    h("div", { class: "inline-form" }, freezeText, freeze),
    h("h3", null, tr("teach.hints")),
    hintText,
    h("div", { class: "inline-form" }, hintTo, sendHint),
    stats,
    load,
  );

  let hintOptions = "";
  const update = () => {
    const view = ctx.view();
    const s = view.session;
    start.hidden = s.status !== "lobby";
    pause.hidden = s.status !== "running";
    resume.hidden = s.status !== "paused";
    end.disabled = s.status === "ended";
    if (document.activeElement !== speed) {
      speed.value = String(s.speed);
      setText(speedValue, `${s.speed}×`);
    }
    lock.checked = s.locked;
    late.checked = s.lateJoin;
    leaderboard.checked = s.leaderboardVisible;
    heartbeats.checked = s.manualHeartbeats;
    seats.value = s.seatChoice;
    help.value = s.helpLevel;
    const [full, reasons, none] = Array.from(help.options);
    if (full) setText(full, t("teach.helpFull"));
    if (reasons) setText(reasons, t("teach.helpReasons"));
    if (none) setText(none, t("teach.helpNone"));
    const [free, assigned] = Array.from(seats.options);
    if (free) setText(free, t("create.seatsFree"));
    if (assigned) setText(assigned, t("create.seatsAssigned"));
    setText(freeze, s.frozen ? t("teach.unfreeze") : t("teach.freezeButton"));
    freeze.className = s.frozen ? "primary" : "danger";
    // hint targets: everyone, each seat, each player
    const options: [string, string][] = [["", t("teach.everyone")]];
    for (const seat of seatsInOrder(view))
      options.push([`seat:${seat.id}`, `${t("teach.seat")} ${seatTitle(seat.id)}`]);
    view.players.forEach((p) => {
      options.push([`player:${p.id}`, p.nickname]);
    });
    const signature = options.map((o) => o.join("=")).join("|");
    if (signature !== hintOptions) {
      hintOptions = signature;
      const current = hintTo.value;
      hintTo.replaceChildren(...options.map(([value, text]) => h("option", { value }, text)));
      hintTo.value = options.some(([v]) => v === current) ? current : "";
    }
    const admin = view.instructor;
    let connected = 0;
    view.players.forEach((p) => {
      if (p.connected) connected++;
    });
    setText(
      stats,
      t("teach.stats", {
        players: view.players.size,
        connected,
        commands: admin?.commands ?? 0,
        malformed: admin?.malformed ?? 0,
        throttled: admin?.throttled ?? 0,
      }),
    );
    // what this class costs the server's one event loop (the last minute): ticks and kubectl work
    setText(
      load,
      t("teach.load", {
        mean: admin?.tickMeanMs ?? 0,
        p99: admin?.tickP99Ms ?? 0,
        max: admin?.tickMaxMs ?? 0,
        rate: admin?.ticksPerSecond ?? 0,
        work: admin?.workMsPerSecond ?? 0,
        refused: admin?.overBudget ?? 0,
      }),
    );
  };
  return { element, update };
}
