import "../styles/game.css";
import type { PlayerView } from "../../shared/protocol/state.ts";
import { t } from "../i18n/i18n.ts";
import type { ClusterView } from "../state/view.ts";
import { seatTitle } from "../state/view.ts";
import { h, reconcile, setText, tr } from "./h.ts";

/**
 * The class ranked by points, as the teacher shows it: integer points (the score is rounded for
 * display only), ties by nickname. Used by the students' overlay, the projector and the podium.
 */
export interface Ranked {
  id: string;
  rank: number;
  nickname: string;
  seat: string;
  points: number;
}

export function points(score: number): number {
  return Math.round(score);
}

export function ranking(view: Pick<ClusterView, "players">): Ranked[] {
  const players: PlayerView[] = [];
  view.players.forEach((p) => {
    players.push(p);
  });
  players.sort((a, b) => points(b.score) - points(a.score) || a.nickname.localeCompare(b.nickname));
  let rank = 0;
  let last = Number.NaN;
  return players.map((p, i) => {
    // equal points share a rank (1, 2, 2, 4)
    if (points(p.score) !== last) rank = i + 1;
    last = points(p.score);
    return { id: p.id, rank, nickname: p.nickname, seat: p.seat, points: points(p.score) };
  });
}

export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** A ranked list (top `limit`, plus `me` when below), kept in step with the class. */
export function createLeaderboard(options: { id: string; limit: number }): {
  element: HTMLElement;
  update(view: Pick<ClusterView, "players">, me?: string): void;
} {
  const list = h("ol", { class: "leaderboard", id: options.id });
  const element = h(
    "section",
    { class: "leaderboard-box", "aria-labelledby": `${options.id}-title` },
    h("h2", { id: `${options.id}-title` }, tr("score.leaderboard")),
    list,
  );
  return {
    element,
    update(view, me) {
      const all = ranking(view);
      const shown = all.slice(0, options.limit);
      const mine = all.find((r) => r.id === me);
      if (mine && !shown.includes(mine)) shown.push(mine);
      reconcile(
        list,
        shown,
        (r) => r.id,
        () =>
          h(
            "li",
            null,
            h("span", { class: "rank" }),
            h("span", { class: "who" }, h("strong", { class: "name" }), h("small", { class: "seat" })),
            h("span", { class: "points" }),
          ),
        (li, r) => {
          setText(li.querySelector(".rank") as HTMLElement, `${r.rank}`);
          setText(li.querySelector(".name") as HTMLElement, r.nickname);
          setText(li.querySelector(".seat") as HTMLElement, r.seat ? seatTitle(r.seat) : "");
          setText(
            li.querySelector(".points") as HTMLElement,
            t("score.pointsShort", { n: signed(r.points) }),
          );
          li.classList.toggle("me", r.id === me);
          li.dataset.points = String(r.points);
        },
      );
    },
  };
}
