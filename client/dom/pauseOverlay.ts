import "../styles/game.css";
import type { SessionView } from "../../shared/protocol/state.ts";
import { t } from "../i18n/i18n.ts";
import { h, setText } from "./h.ts";

/**
 * Over the game while the teacher has paused the session or frozen the class: everyone sees that the
 * cluster stands still (or that moves wait) and why, instead of one word changing in the header.
 * The teacher's own copy says how to go on; it covers the board only, never the controls.
 */
export type OverlayAudience = "student" | "teacher" | "projector";

export interface PauseOverlay {
  element: HTMLElement;
  update(session: Pick<SessionView, "status" | "frozen" | "freezeMessage">): void;
}

export function createPauseOverlay(audience: OverlayAudience): PauseOverlay {
  const title = h("h2", { class: "pause-title" });
  const body = h("p", { class: "pause-text" });
  // the teacher's own words
  const message = h("p", { class: "pause-message", "data-untranslated": "teacher" });
  const element = h(
    "div",
    { class: `pause-overlay ${audience}`, id: "pause-overlay", role: "status", hidden: true },
    h(
      "div",
      { class: "pause-card" },
      h("span", { class: "pause-icon", "aria-hidden": "true" }),
      title,
      message,
      body,
    ),
  );
  return {
    element,
    update(session) {
      const paused = session.status === "paused";
      const frozen = session.frozen && session.status !== "ended";
      element.hidden = !paused && !frozen;
      if (element.hidden) return;
      element.dataset.state = paused ? "paused" : "frozen";
      setText(element.querySelector(".pause-icon") as HTMLElement, paused ? "❚❚" : "❄");
      setText(title, t(paused ? "pause.pausedTitle" : "pause.frozenTitle"));
      setText(message, frozen ? session.freezeMessage : "");
      message.hidden = !frozen || !session.freezeMessage;
      setText(body, t(`pause.${paused ? "paused" : "frozen"}.${audience}`));
    },
  };
}
