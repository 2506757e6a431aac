import type { InstructorJoinResponse } from "../../shared/protocol/http.ts";
import { isPhraseCode } from "../../shared/protocol/phrases.ts";
import { CloseCodes } from "../../shared/protocol/replies.ts";
import { h, tr } from "../dom/h.ts";
import { endedLinks } from "../dom/matchLinks.ts";
import { resetShell, toast } from "../dom/shell.ts";
import { onLanguageChange, say } from "../i18n/i18n.ts";
import { api } from "../net/api.ts";
import { instructorToken, storeInstructorToken } from "../net/identity.ts";
import type { Screen } from "../router.ts";
import { InstructorView } from "./instructorView.ts";

/**
 * The instructor's page of a running session: `/instructor/CODE#token=...` (the link shown once at
 * creation; the token is also remembered in this browser). Opens the room as the instructor.
 */
export const instructorScreen: Screen = async ({ code = "" }) => {
  const shell = resetShell("teach.title", { code });
  shell.main.classList.add("screen-instructor");
  const hashToken = new URLSearchParams(window.location.hash.slice(1)).get("token");
  if (hashToken) storeInstructorToken(code, hashToken);
  const token = hashToken ?? instructorToken(code);
  const box = h("div", { class: "card center-card", role: "status" }, tr("play.connecting", undefined, "p"));
  shell.main.append(box);
  if (!token) {
    box.replaceChildren(
      h("p", { class: "form-error" }, tr("teach.noToken")),
      h("a", { href: "/instructor", class: "button" }, tr("teach.create")),
    );
    return undefined;
  }
  const res = await api<InstructorJoinResponse>(`/sessions/${encodeURIComponent(code)}/instructor`, {
    body: {},
    token,
  });
  if (!res.ok) {
    const ended = res.error.reason === "SessionEnded";
    box.replaceChildren(h("p", { class: "form-error" }, say(res.error)));
    if (ended) await endedLinks(box, code);
    else box.append(h("a", { href: "/instructor", class: "button" }, tr("teach.create")));
    return undefined;
  }
  const { connect } = await import("../net/connection.ts");
  const conn = await connect(res.data.reservation);
  box.remove();
  const view = new InstructorView(conn, code, shell, {
    joinUrl: res.data.joinUrl ?? `${window.location.origin}/join/${code}`,
    qrUrl: res.data.qrUrl ?? `/api/sessions/${code}/qr.svg`,
  });
  // the shared screen of the room, in its own tab (the token travels in the fragment, never to the server)
  shell.actions.append(
    h(
      "a",
      {
        href: `/instructor/${encodeURIComponent(code)}/projector#token=${encodeURIComponent(token)}`,
        target: "_blank",
        rel: "noopener",
        class: "button small",
        id: "open-projector",
      },
      tr("projector.open"),
    ),
  );
  let offLanguage = () => {};
  conn.onPush("notice", (notice) => {
    toast(() => say(notice), notice.level === "warning" ? "warning" : "info", 8000);
    if (notice.outcome) view.outcome(notice.outcome);
  });
  conn.onPush("refused", (refused) => toast(() => say(refused), "error", 8000));
  conn.onClose((closeCode, reason) => {
    if (closeCode === CloseCodes.SESSION_ENDED) view.markEnded();
    view.destroy();
    const done = h("div", { class: "card center-card" });
    shell.main.replaceChildren(done);
    if (closeCode === CloseCodes.SESSION_ENDED) {
      const drawEnded = () => {
        view.markEnded();
        const links = h("div");
        done.replaceChildren(h("h1", null, tr("play.endedTitle")));
        view.renderOutcome(done);
        done.append(links);
        void endedLinks(links, code);
      };
      drawEnded();
      offLanguage = onLanguageChange(drawEnded);
    } else if (closeCode !== 4000) {
      // the server says why as a phrase code (a restart: the session comes back, paused)
      done.append(
        isPhraseCode(reason)
          ? h("p", null, say({ code: reason, params: {} }))
          : tr("play.lost", undefined, "p"),
      );
      const again = h("button", { type: "button", class: "primary" }, tr("play.reconnect"));
      again.addEventListener("click", () => window.location.reload());
      done.append(again);
    }
  });
  return () => {
    offLanguage();
    view.destroy();
    void conn.leave();
  };
};
