import { isPhraseCode, type PlainCode } from "../../shared/protocol/phrases.ts";
import { CloseCodes, type NoticeMessage } from "../../shared/protocol/replies.ts";
import { h, tr } from "../dom/h.ts";
import { ranking } from "../dom/leaderboard.ts";
import { endedLinks } from "../dom/matchLinks.ts";
import { podium } from "../dom/podium.ts";
import { judgementText } from "../dom/scorePanel.ts";
import { announce, resetShell, toast } from "../dom/shell.ts";
import { onLanguageChange, say, t } from "../i18n/i18n.ts";
import type { Connection } from "../net/connection.ts";
import { storedPlayer, storePlayer } from "../net/identity.ts";
import { navigate, type Screen } from "../router.ts";
import { goalLine } from "../state/scenarioTexts.ts";
import { joinErrorText, joinSession, takeHandoff } from "./join.ts";
import { GameView } from "./playView.ts";

/**
 * A student's screen after the join: opens the room (with the reservation the join page got, or after
 * a reload by joining again with the stored player token: same player, seat and score, nothing asked),
 * then shows the lobby or the game. When the connection ends for good it says why.
 */
export const playScreen: Screen = async ({ code = "" }) => {
  const shell = resetShell("play.title");
  shell.main.classList.add("screen-play");
  const message = h(
    "div",
    { class: "card center-card", role: "status" },
    tr("play.connecting", undefined, "p"),
  );
  shell.main.append(message);

  let response = takeHandoff(code);
  if (!response) {
    const stored = storedPlayer(code);
    if (!stored) {
      navigate(`/join/${code}`, true);
      return undefined;
    }
    const joined = await joinSession(code, { playerToken: stored.token });
    if (!joined.ok) {
      if (["Kicked", "Banned", "SessionEnded", "UnknownCode"].includes(joined.error.reason))
        storePlayer(code, null);
      showProblem(message, joinErrorText(joined.error), code);
      return undefined;
    }
    response = joined.response;
  }

  let conn: Connection;
  try {
    const { connect } = await import("../net/connection.ts");
    conn = await connect(response.reservation);
  } catch (error) {
    // a refused WebSocket join says why with a phrase code (the SDK hands over its text)
    const problem = String((error as Error).message ?? error);
    const why = isPhraseCode(problem) ? say({ code: problem, params: {} }) : problem;
    showProblem(message, t("play.connectFailed", { message: why }), code);
    return undefined;
  }
  message.remove();
  const view = new GameView(conn, code, response.player.id, shell);

  conn.onPush("welcome", (welcome) => view.welcome(welcome));
  let outcome: NoticeMessage["outcome"];
  let offLanguage = () => {};
  conn.onPush("notice", (notice) => {
    toast(() => say(notice), notice.level === "warning" ? "warning" : "info", 8000);
    if (notice.outcome) outcome = notice.outcome;
  });
  conn.onPush("hint", (hint) => view.hint(hint.text));
  conn.onPush("judgement", (j) => {
    view.judged(j);
    toast(() => judgementText(j), j.points >= 0 ? "success" : "warning", 6000);
  });
  conn.onPush("refused", (r) => toast(() => t("toast.refused", { message: say(r) }), "error", 8000));
  conn.onStatus((status) => {
    view.setConnection(status);
    if (status === "reconnecting") announce(t("play.reconnecting"));
  });
  conn.onClose((closeCode, reason) => {
    if (closeCode === CloseCodes.SESSION_ENDED) view.markEnded();
    // the class as it stood when the room closed, for the podium
    const ranked = ranking(conn.state);
    view.destroy();
    const ended = h("div", { class: "card center-card" });
    shell.main.replaceChildren(ended);
    // the server says why it closed as a phrase code; the close code decides what the page offers
    const why = (fallback: PlainCode) => say({ code: isPhraseCode(reason) ? reason : fallback, params: {} });
    if (closeCode === CloseCodes.KICKED || closeCode === CloseCodes.BANNED) {
      storePlayer(code, null);
      showProblem(ended, why(closeCode === CloseCodes.KICKED ? "removedByTeacher" : "deviceBanned"), code);
    } else if (closeCode === CloseCodes.SESSION_ENDED) {
      const score = view.finalScore();
      const drawEnded = () => {
        view.markEnded();
        ended.replaceChildren();
        drawEndedCard(ended, code, score, outcome, ranked);
      };
      drawEnded();
      offLanguage = onLanguageChange(drawEnded);
    } else if (closeCode === CloseCodes.REPLACED) {
      const again = h("button", { type: "button", class: "primary" }, tr("play.useHere"));
      again.addEventListener("click", () => navigate(`/play/${code}`, true));
      ended.append(h("p", null, why("openedElsewhere")), again);
    } else if (closeCode !== 4000) {
      // a restart (the session comes back, paused) or a lost connection: join again with the stored token
      const again = h("button", { type: "button", class: "primary", id: "reconnect" }, tr("play.reconnect"));
      again.addEventListener("click", () => navigate(`/play/${code}`, true));
      const said = isPhraseCode(reason)
        ? h("p", null, say({ code: reason, params: {} }))
        : tr("play.lost", undefined, "p");
      ended.append(said, again);
    }
  });
  return () => {
    offLanguage();
    view.destroy();
    void conn.leave();
  };
};

/** The end of the match for a student: thanks and score, the outcome, the podium, the links. */
function drawEndedCard(
  ended: HTMLElement,
  code: string,
  score: number,
  outcome: NoticeMessage["outcome"],
  ranked: ReturnType<typeof ranking>,
): void {
  ended.append(h("h1", null, tr("play.endedTitle")), tr("play.ended", { score }, "p"));
  if (outcome) {
    ended.append(
      h(
        "p",
        { class: outcome.won ? "ok-text big-text" : "bad-text big-text" },
        t(outcome.won ? "teach.won" : "teach.lost"),
      ),
      h(
        "ul",
        { class: "goal-list" },
        ...outcome.goals.map((g) => h("li", { class: g.met ? "ok" : "bad" }, goalLine(g))),
      ),
    );
  }
  // the debrief and the replay of this match, for everyone who played it (a redraw detaches the box)
  const links = h("div");
  ended.append(podium(ranked), links);
  void endedLinks(links, code).then(() =>
    links.append(h("p", null, h("a", { href: "/", class: "button" }, tr("play.home")))),
  );
}

function showProblem(box: HTMLElement, text: string, code: string): void {
  box.replaceChildren(
    h("p", { class: "form-error", role: "alert" }, text),
    h("a", { href: `/join/${code}`, class: "button" }, tr("play.backToJoin")),
  );
}
