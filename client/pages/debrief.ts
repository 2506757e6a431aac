import { translationFor } from "../../shared/scenario/translations.ts";
import { goalLine } from "../state/scenarioTexts.ts";
import "../styles/replay.css";
import type { MatchDetails } from "../../shared/protocol/http.ts";
import type { Debrief, DebriefSample } from "../../shared/replay/debrief.ts";
import { recordedByOtherSimulation } from "../../shared/replay/record.ts";
import { tickClockText } from "../../shared/time/format.ts";
import { authored, h, k8s, tableHead, tr } from "../dom/h.ts";
import { judgementText } from "../dom/scorePanel.ts";
import { resetShell } from "../dom/shell.ts";
import { language, onLanguageChange, say, t } from "../i18n/i18n.ts";
import { api } from "../net/api.ts";
import { tokenForMatch } from "../net/identity.ts";
import type { Screen } from "../router.ts";
import { seatTitle } from "../state/view.ts";

/**
 * The debrief of a match: the goals met or not, charts over time (pending and running pods, nodes,
 * image pulls, the Services' success rate), the key moments (each opens the replay at that tick), the
 * figures per student and per seat (students against the bots), the scenario's notes, CSV export.
 */
const KINDS = [
  "placement",
  "bind-to-running",
  "late-heartbeat",
  "node-lost",
  "reconcile",
  "stale-route",
] as const;

export const debriefScreen: Screen = async ({ id = "" }) => {
  const shell = resetShell("debrief.title");
  shell.main.classList.add("screen-debrief");
  const box = h("div", { class: "card center-card", role: "status" }, tr("debrief.loading", undefined, "p"));
  shell.main.append(box);
  const enc = encodeURIComponent(id);
  const token = tokenForMatch(id);
  const auth = token ? { token } : {};
  const [details, res] = await Promise.all([
    api<MatchDetails>(`/matches/${enc}`, auth),
    api<Debrief>(`/matches/${enc}/debrief`, auth),
  ]);
  if (!res.ok) {
    box.replaceChildren(
      h("p", { class: "form-error" }, say(res.error)),
      h("a", { href: "/matches", class: "button" }, tr("teach.matches")),
    );
    return undefined;
  }
  box.remove();
  const d = res.data;
  const goals = details.ok ? details.data.goals : d.goals;
  const draw = () => {
    const texts = translationFor(d.translations, language());
    // the scenario's title in the page's language, or as its author wrote it
    const title = () => (texts?.title ? texts.title : authored(d.scenario.title));
    shell.status.replaceChildren(h("strong", null, title()));
    shell.main.replaceChildren(debriefPage(d, enc, id, goals, title(), texts?.debrief));
  };
  draw();
  return onLanguageChange(draw);
};

function debriefPage(
  d: Debrief,
  enc: string,
  id: string,
  goals: MatchDetails["goals"],
  title: string | HTMLElement,
  notes: string[] | undefined,
): HTMLElement {
  const won = goals.length > 0 && goals.every((g) => g.met);
  const charts: [Parameters<typeof tr>[0], Series[], number?][] = [
    [
      "debrief.chartPods",
      [
        { key: "pendingPods", color: "#b45309", label: "Pending", k8s: true },
        { key: "runningPods", color: "#15803d", label: "Running", k8s: true },
      ],
    ],
    [
      "debrief.chartNodes",
      [
        { key: "readyNodes", color: "#15803d", label: "Ready", k8s: true },
        { key: "notReadyNodes", color: "#b91c1c", label: "NotReady", k8s: true },
      ],
    ],
    ["debrief.chartPulls", [{ key: "pullsInProgress", color: "#0e7490", label: t("debrief.legendPulls") }]],
    ["debrief.chartSlo", [{ key: "successRate", color: "#326ce5", label: t("debrief.legendSuccess") }], 1],
  ];
  const names = new Map(d.players.map((p) => [p.id, p.nickname]));
  const rank = new Map(d.leaderboard.map((r) => [r.player, r.rank]));

  return h(
    "div",
    { class: "debrief" },
    h(
      "section",
      { class: "card" },
      h("p", { class: "eyebrow" }, tr("debrief.title")),
      h("h1", null, title),
      h(
        "p",
        { class: won ? "ok-text big-text" : "bad-text big-text", id: "debrief-outcome" },
        won ? t("teach.won") : t("teach.lost"),
      ),
      h(
        "ul",
        { class: "goal-list" },
        ...goals.map((g) => h("li", { class: g.met ? "ok" : "bad" }, goalLine(g))),
      ),
      h(
        "p",
        { class: "ended-links" },
        h("a", { href: `/replay/${enc}`, class: "button primary" }, tr("teach.replay")),
        " ",
        h(
          "a",
          {
            href: `/api/matches/${enc}/debrief.csv`,
            class: "button",
            download: `kubeclass-debrief-${id}.csv`,
            id: "debrief-csv",
          },
          tr("debrief.csv"),
        ),
      ),
      d.mismatches.length
        ? h(
            "p",
            { class: "mismatch" },
            t("replay.mismatch", { n: d.mismatches.length, tick: d.mismatches[0]?.tick ?? 0 }),
            recordedByOtherSimulation(d.simulation) ? ` ${t("replay.otherSimulation")}` : "",
          )
        : null,
    ),
    h(
      "section",
      { class: "card" },
      h("h2", null, tr("debrief.overTime")),
      h(
        "div",
        { class: "charts" },
        ...charts.map(([key, series, max]) => chart(t(key), d.samples, series, d.endTick, max)),
      ),
    ),
    h(
      "section",
      { class: "card" },
      h("h2", null, tr("debrief.moments")),
      h(
        "ol",
        { class: "moments", id: "moments" },
        ...d.moments
          .filter((m) => m.kind !== "refused" && m.tick <= d.endTick)
          .slice(0, 60)
          .map((m) =>
            h(
              "li",
              { class: `kind-${m.kind}` },
              // a move or a Kubernetes event, as the command or the event says it
              h("a", { href: `/replay/${enc}?t=${m.tick}` }, `${tickClockText(m.tick)} · `, k8s(m.label)),
            ),
          ),
      ),
    ),
    h(
      "section",
      { class: "card" },
      h("h2", null, tr("debrief.players")),
      h(
        "div",
        { class: "table-scroll" },
        h(
          "table",
          { id: "debrief-players" },
          tableHead("#", tr("teach.player"), tr("score.title"), ...KINDS.map(kindLabel)),
          h(
            "tbody",
            null,
            ...[...d.players]
              .sort((a, b) => (rank.get(a.id) ?? 99) - (rank.get(b.id) ?? 99))
              .map((p) =>
                h(
                  "tr",
                  null,
                  h("td", null, String(rank.get(p.id) ?? "")),
                  h("th", { scope: "row" }, names.get(p.id) ?? p.id),
                  h("td", null, String(p.card.points)),
                  ...KINDS.map((k) => {
                    const s = p.card.byKind[k];
                    return h("td", null, s ? `${s.count} × ${s.mean.toFixed(1)}` : "–");
                  }),
                ),
              ),
          ),
        ),
      ),
      d.players.length === 0 ? tr("debrief.noPlayers", undefined, "p") : null,
      h("h2", null, tr("debrief.seats")),
      h(
        "div",
        { class: "table-scroll" },
        h(
          "table",
          { id: "debrief-seats" },
          tableHead(tr("teach.seat"), tr("debrief.students"), tr("debrief.bots")),
          h(
            "tbody",
            null,
            ...Object.entries(d.seats)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([seat, s]) =>
                h(
                  "tr",
                  null,
                  h("th", { scope: "row" }, seatTitle(seat)),
                  h("td", null, cardText(s.human)),
                  h("td", null, cardText(s.bot)),
                ),
              ),
          ),
        ),
      ),
    ),
    d.debriefNotes.length
      ? h(
          "section",
          { class: "card" },
          h("h2", null, tr("debrief.notes")),
          h(
            "ul",
            { class: "notes" },
            ...d.debriefNotes.map((n, i) => h("li", null, notes?.[i] ?? authored(n))),
          ),
        )
      : null,
  );
}

/** A kind of verdict ("placement", "bind-to-running" ...) as the score panel names it. */
function kindLabel(kind: string): string {
  return (
    judgementText({
      id: "",
      time: 0,
      seat: "",
      driver: "human",
      kind,
      subject: "",
      value: 0,
      points: 0,
      detail: "",
    }).split(" · ")[0] ?? kind
  );
}

function cardText(card: {
  points: number;
  byKind: Record<string, { count: number; mean: number } | undefined>;
}): string {
  const parts = Object.entries(card.byKind)
    .filter(([, s]) => s && s.count > 0)
    .map(([k, s]) => `${kindLabel(k)} ${s?.count}× ${s?.mean.toFixed(1)}`);
  return parts.length ? `${t("score.pointsShort", { n: card.points })} · ${parts.join(", ")}` : "–";
}

/** A line of a chart; a Kubernetes status as its label (Pending, Ready ...) stays as Kubernetes writes it. */
interface Series {
  key: keyof DebriefSample;
  color: string;
  label: string;
  k8s?: boolean;
}

/** A small line chart (inline SVG, no library): one line per series over the match's ticks. */
function chart(
  title: string,
  samples: DebriefSample[],
  series: Series[],
  endTick: number,
  fixedMax?: number,
): HTMLElement {
  const W = 360;
  const H = 150;
  const pad = { l: 34, r: 8, t: 8, b: 22 };
  const max = fixedMax ?? Math.max(1, ...samples.flatMap((s) => series.map((x) => Number(s[x.key]))));
  const x = (tick: number) => pad.l + (tick / Math.max(1, endTick)) * (W - pad.l - pad.r);
  const y = (v: number) => H - pad.b - (v / max) * (H - pad.t - pad.b);
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("role", "img");
  const desc = series
    .map((s) =>
      t("debrief.chartMax", {
        label: s.label,
        max: Math.max(0, ...samples.map((p) => Number(p[s.key]))).toFixed(fixedMax ? 2 : 0),
      }),
    )
    .join(", ");
  svg.setAttribute("aria-label", `${title}. ${desc}`);
  const add = (tag: string, attrs: Record<string, string>, text?: string) => {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (text) el.textContent = text;
    svg.append(el);
    return el;
  };
  add("line", {
    x1: String(pad.l),
    y1: String(H - pad.b),
    x2: String(W - pad.r),
    y2: String(H - pad.b),
    stroke: "#94a3b8",
  });
  add("line", {
    x1: String(pad.l),
    y1: String(pad.t),
    x2: String(pad.l),
    y2: String(H - pad.b),
    stroke: "#94a3b8",
  });
  add(
    "text",
    { x: String(pad.l - 4), y: String(pad.t + 8), "text-anchor": "end", "font-size": "10", fill: "#475569" },
    fixedMax ? "100%" : String(max),
  );
  add(
    "text",
    { x: String(pad.l - 4), y: String(H - pad.b), "text-anchor": "end", "font-size": "10", fill: "#475569" },
    "0",
  );
  add(
    "text",
    { x: String(W - pad.r), y: String(H - 6), "text-anchor": "end", "font-size": "10", fill: "#475569" },
    tickClockText(endTick),
  );
  for (const s of series) {
    const points = samples.map((p) => `${x(p.tick).toFixed(1)},${y(Number(p[s.key])).toFixed(1)}`).join(" ");
    add("polyline", { points, fill: "none", stroke: s.color, "stroke-width": "2" });
  }
  const legend = h(
    "p",
    { class: "hint" },
    ...series.map((s) =>
      h(
        "span",
        { style: `color:${s.color};margin-right:1em`, translate: s.k8s ? "no" : null },
        `■ ${s.label}`,
      ),
    ),
  );
  const fig = h("figure", { class: "chart" }, h("figcaption", null, title), legend);
  fig.insertBefore(svg, legend);
  return fig;
}
