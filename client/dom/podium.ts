import "../styles/game.css";
import { t } from "../i18n/i18n.ts";
import { h, tr } from "./h.ts";
import { type Ranked, signed } from "./leaderboard.ts";

/**
 * The end of the match on the projector: the top three on a podium (second, first, third, as podiums
 * stand), their points, and everyone else in order below.
 */
export function podium(ranked: Ranked[]): HTMLElement {
  const step = (r: Ranked | undefined, place: 1 | 2 | 3) =>
    r
      ? h(
          "li",
          { class: `podium-step place-${place}`, "data-place": String(place) },
          h("span", { class: "podium-name" }, r.nickname),
          h("span", { class: "podium-points" }, t("score.pointsShort", { n: signed(r.points) })),
          h("span", { class: "podium-block", "aria-hidden": "true" }, String(r.rank)),
        )
      : h("li", { class: `podium-step place-${place} empty`, "aria-hidden": "true" });
  const [first, second, third] = ranked;
  const rest = ranked.slice(3);
  return h(
    "section",
    { class: "podium", id: "podium", "aria-labelledby": "podium-title" },
    h("h2", { id: "podium-title" }, tr("projector.podium")),
    ranked.length
      ? h("ol", { class: "podium-steps" }, step(second, 2), step(first, 1), step(third, 3))
      : tr("projector.noPlayers", undefined, "p"),
    rest.length
      ? h(
          "ol",
          { class: "podium-rest" },
          // ties share a rank, so the rank is written rather than counted
          ...rest.map((r) =>
            h("li", null, `${r.rank}. ${r.nickname} · ${t("score.pointsShort", { n: signed(r.points) })}`),
          ),
        )
      : "",
  );
}
