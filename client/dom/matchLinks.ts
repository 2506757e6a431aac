import type { MatchSummary } from "../../shared/protocol/http.ts";
import { api } from "../net/api.ts";
import { matchIdOf, storeMatchId } from "../net/identity.ts";
import { h, tr } from "./h.ts";

/**
 * Links to the replay and the debrief of an ended session, for the teacher and every student: the
 * match id this browser remembers, or the latest match with the session's code (the list is public
 * once a match has ended).
 */
export async function endedLinks(box: HTMLElement, code: string): Promise<void> {
  let id = matchIdOf(code);
  if (!id) {
    const res = await api<{ matches: MatchSummary[] }>("/matches");
    const mine = res.ok ? res.data.matches.filter((m) => m.code === code) : [];
    id = mine.sort((a, b) => b.createdAt - a.createdAt)[0]?.id;
    if (id) storeMatchId(code, id);
  }
  if (!id) {
    box.append(
      h("p", { class: "ended-links" }, h("a", { href: "/matches", class: "button" }, tr("teach.matches"))),
    );
    return;
  }
  box.append(
    h(
      "p",
      { class: "ended-links" },
      h(
        "a",
        { href: `/debrief/${encodeURIComponent(id)}`, class: "button primary", id: "open-debrief" },
        tr("teach.debrief"),
      ),
      " ",
      h(
        "a",
        { href: `/replay/${encodeURIComponent(id)}`, class: "button", id: "open-replay" },
        tr("teach.replay"),
      ),
      " ",
      h("a", { href: "/matches", class: "button" }, tr("teach.matches")),
    ),
  );
}
