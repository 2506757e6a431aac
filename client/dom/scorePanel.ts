import type { MessageKey } from "../../shared/i18n/en.ts";
import type { JudgementView, PlayerView } from "../../shared/protocol/state.ts";
import type { JudgementKind } from "../../shared/sim/model/judgement.ts";
import { t } from "../i18n/i18n.ts";
import type { ClusterView } from "../state/view.ts";
import { h, reconcile, setText, tr } from "./h.ts";
import { points, signed } from "./leaderboard.ts";

/**
 * My score and the engine's latest verdicts on my seat's moves (the leaderboard, when the teacher
 * shows it, floats over the board: dom/leaderboard.ts).
 */
export interface ScorePanel {
  element: HTMLElement;
  update(view: ClusterView, me: PlayerView | undefined): void;
}

const KIND_KEYS: Record<JudgementKind, MessageKey> = {
  placement: "score.kind.placement",
  "no-fit": "score.kind.noFit",
  "bind-to-running": "score.kind.bindToRunning",
  "node-kept": "score.kind.nodeKept",
  "late-heartbeat": "score.kind.lateHeartbeat",
  "node-lost": "score.kind.nodeLost",
  reconcile: "score.kind.reconcile",
  rollout: "score.kind.rollout",
  "proxy-sync": "score.kind.proxySync",
  "stale-route": "score.kind.staleRoute",
  preemption: "score.kind.preemption",
  autoscale: "score.kind.autoscale",
  drain: "score.kind.drain",
};

export function judgementText(j: JudgementView): string {
  const key = KIND_KEYS[j.kind as JudgementKind];
  const kind = key ? t(key) : j.kind;
  const value =
    j.kind === "placement" || j.kind === "preemption" || j.kind === "autoscale"
      ? `${j.value}/100`
      : j.kind === "no-fit"
        ? t(j.value >= 100 ? "score.noFitRight" : "score.noFitWrong")
        : j.kind === "node-kept"
          ? t("score.minute")
          : j.kind === "stale-route" || j.kind === "node-lost"
            ? `${j.value}`
            : `${j.value.toFixed(1)} s`;
  const earned = points(j.points);
  return `${kind} · ${j.subject} · ${value}${earned ? ` · ${signed(earned)}` : ""}`;
}

export function createScorePanel(): ScorePanel {
  const mine = h("p", { class: "my-score", id: "my-score" });
  const verdicts = h("ul", { class: "verdicts", id: "verdicts" });
  const noVerdicts = tr("score.noVerdicts", undefined, "p");
  noVerdicts.className = "muted";
  const element = h(
    "section",
    { class: "score-panel", "aria-labelledby": "score-heading" },
    h("h2", { id: "score-heading" }, tr("score.title")),
    mine,
    h("h3", null, tr("score.verdicts")),
    verdicts,
    noVerdicts,
  );
  return {
    element,
    update(view, me) {
      // points are whole numbers on screen, whatever the scoring computes
      setText(mine, me ? t("score.mine", { score: points(me.score), nickname: me.nickname }) : "");
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
    },
  };
}
