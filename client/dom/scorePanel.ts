import type { JudgementView, PlayerView } from "../../shared/protocol/state.ts";
import { t } from "../i18n/i18n.ts";
import type { ClusterView } from "../state/view.ts";
import { seatTitle } from "../state/view.ts";
import { h, reconcile, setText, tr } from "./h.ts";

/**
 * My score, the engine's latest verdicts on my seat's moves, and the leaderboard when the teacher
 * shows it.
 */
export interface ScorePanel {
  element: HTMLElement;
  update(view: ClusterView, me: PlayerView | undefined): void;
}

const KIND_KEYS = {
  placement: "score.kind.placement",
  "bind-to-running": "score.kind.bindToRunning",
  "late-heartbeat": "score.kind.lateHeartbeat",
  "node-lost": "score.kind.nodeLost",
  reconcile: "score.kind.reconcile",
  "stale-route": "score.kind.staleRoute",
} as const;

export function judgementText(j: JudgementView): string {
  const key = KIND_KEYS[j.kind as keyof typeof KIND_KEYS];
  const kind = key ? t(key) : j.kind;
  const value =
    j.kind === "placement"
      ? `${j.value}/100`
      : j.kind === "stale-route"
        ? `${j.value}`
        : `${j.value.toFixed(1)} s`;
  return `${kind} · ${j.subject} · ${value}${j.points ? ` · ${j.points > 0 ? "+" : ""}${j.points}` : ""}`;
}

export function createScorePanel(): ScorePanel {
  const mine = h("p", { class: "my-score", id: "my-score" });
  const verdicts = h("ul", { class: "verdicts", id: "verdicts" });
  const noVerdicts = tr("score.noVerdicts", undefined, "p");
  noVerdicts.className = "muted";
  const board = h("ol", { class: "leaderboard", id: "leaderboard" });
  const boardSection = h(
    "section",
    { class: "leaderboard-section", hidden: true },
    h("h3", null, tr("score.leaderboard")),
    board,
  );
  const element = h(
    "section",
    { class: "score-panel", "aria-labelledby": "score-heading" },
    h("h2", { id: "score-heading" }, tr("score.title")),
    mine,
    h("h3", null, tr("score.verdicts")),
    verdicts,
    noVerdicts,
    boardSection,
  );
  return {
    element,
    update(view, me) {
      setText(mine, me ? t("score.mine", { score: me.score, nickname: me.nickname }) : "");
      const list: JudgementView[] = [];
      view.judgements?.forEach((j) => {
        if (me && j.seat === me.seat && j.driver === "human") list.push(j);
      });
      list.sort((a, b) => b.time - a.time);
      reconcile(
        verdicts,
        list.slice(0, 8),
        (j) => j.id,
        () => h("li"),
        (li, j) => {
          setText(li, judgementText(j));
          li.className = j.points > 0 ? "ok" : j.points < 0 ? "bad" : "";
        },
      );
      noVerdicts.hidden = list.length > 0;
      const visible = view.session.leaderboardVisible ?? false;
      boardSection.hidden = !visible;
      if (visible) {
        const players: PlayerView[] = [];
        view.players.forEach((p) => {
          players.push(p);
        });
        players.sort((a, b) => b.score - a.score || a.nickname.localeCompare(b.nickname));
        reconcile(
          board,
          players.slice(0, 20),
          (p) => p.id,
          () => h("li"),
          (li, p) => {
            setText(li, `${p.nickname}${p.seat ? ` (${seatTitle(p.seat)})` : ""} — ${p.score}`);
            li.classList.toggle("me", p.id === me?.id);
          },
        );
      }
    },
  };
}
