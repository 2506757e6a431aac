import type { InstructorJoinResponse } from "../../shared/protocol/http.ts";
import { CloseCodes, type NoticeMessage } from "../../shared/protocol/replies.ts";
import { h, tr } from "../dom/h.ts";
import { endedLinks } from "../dom/matchLinks.ts";
import { resetShell } from "../dom/shell.ts";
import { say } from "../i18n/i18n.ts";
import { api } from "../net/api.ts";
import { instructorToken, storeInstructorToken } from "../net/identity.ts";
import type { Screen } from "../router.ts";
import { ProjectorView } from "./projectorView.ts";

/**
 * The projector view of a session: `/instructor/CODE/projector` (opened from the dashboard in its own
 * tab; the instructor token comes as the dashboard gets it, from `#token=` or this browser's memory).
 * It connects as the instructor and only watches: nothing on it acts on the class.
 */
export const projectorScreen: Screen = async ({ code = "" }) => {
  const shell = resetShell("projector.title", { code });
  shell.main.classList.add("screen-projector");
  document.documentElement.classList.add("projector-mode");
  const leave = () => document.documentElement.classList.remove("projector-mode");
  const hashToken = new URLSearchParams(window.location.hash.slice(1)).get("token");
  if (hashToken) storeInstructorToken(code, hashToken);
  const token = hashToken ?? instructorToken(code);
  const box = h("div", { class: "card center-card", role: "status" }, tr("play.connecting", undefined, "p"));
  shell.main.append(box);
  if (!token) {
    box.replaceChildren(h("p", { class: "form-error" }, tr("teach.noToken")));
    return leave;
  }
  const res = await api<InstructorJoinResponse>(`/sessions/${encodeURIComponent(code)}/instructor`, {
    body: {},
    token,
  });
  if (!res.ok) {
    box.replaceChildren(h("p", { class: "form-error" }, say(res.error)));
    if (res.error.reason === "SessionEnded") await endedLinks(box, code);
    return leave;
  }
  const { connect } = await import("../net/connection.ts");
  const conn = await connect(res.data.reservation);
  box.remove();
  const view = new ProjectorView(conn, code, shell, {
    joinUrl: res.data.joinUrl ?? `${window.location.origin}/join/${code}`,
    qrUrl: res.data.qrUrl ?? `/api/sessions/${code}/qr.svg`,
  });
  conn.onPush("notice", (payload) => {
    const notice = payload as NoticeMessage;
    if (notice.outcome) view.outcome(notice.outcome);
  });
  conn.onClose((closeCode) => {
    if (closeCode === CloseCodes.SESSION_ENDED) view.finish();
    else {
      view.destroy();
      const again = h("button", { type: "button", class: "primary" }, tr("play.reconnect"));
      again.addEventListener("click", () => window.location.reload());
      shell.main.replaceChildren(
        h("div", { class: "card center-card" }, tr("play.lost", undefined, "p"), again),
      );
    }
  });
  return () => {
    leave();
    view.destroy();
    void conn.leave();
  };
};
