import type { MessageKey } from "../../shared/i18n/en.ts";
import type { PlayerView, SeatView } from "../../shared/protocol/state.ts";
import { t } from "../i18n/i18n.ts";
import { markAuthored, sessionTexts, winConditionText } from "../state/scenarioTexts.ts";
import type { ClusterView } from "../state/view.ts";
import { roleOfSeat, seatsInOrder, seatTitle } from "../state/view.ts";
import { h, note, reconcile, setAttr, setText, tr } from "./h.ts";

/**
 * The lobby: the scenario (title, description, learning goals, what wins the match), who is here, and
 * every seat with who holds it (or its bot). Students pick a seat, or wait for the teacher to hand them
 * out. Everything comes from the synced session, uploaded scenarios as built-in ones.
 */
export interface Lobby {
  element: HTMLElement;
  update(view: ClusterView, me: PlayerView | undefined): void;
}

export const ROLE_KEYS: Record<string, MessageKey> = {
  scheduler: "role.scheduler",
  "controller-manager": "role.controllerManager",
  user: "role.user",
  autoscaler: "role.autoscaler",
  kubelet: "role.kubelet",
  "kube-proxy": "role.kubeProxy",
};

/** How each role scores (shared/score's rules, in words). */
const SCORE_KEYS: Record<string, MessageKey> = {
  scheduler: "scores.scheduler",
  "controller-manager": "scores.controllerManager",
  user: "scores.user",
  autoscaler: "scores.autoscaler",
  kubelet: "scores.kubelet",
  "kube-proxy": "scores.kubeProxy",
};

export function createLobby(onTake: (seat: string) => void, onPlay: () => void): Lobby {
  const title = h("h1", { id: "lobby-title" });
  const description = h("p", { class: "lead" });
  const goals = h("ul", { class: "goals", id: "lobby-goals" });
  const goalsSection = h(
    "section",
    { class: "goals-box", hidden: true },
    h("h2", null, tr("lobby.goals")),
    goals,
  );
  const wins = h("ul", { class: "goals", id: "lobby-win-conditions" });
  const winsSection = h(
    "section",
    { class: "goals-box", hidden: true },
    h("h2", null, tr("lobby.winConditions")),
    wins,
  );
  const status = h("p", { class: "lobby-status", role: "status" });
  const play = h("button", { type: "button", class: "primary big", id: "lobby-play", hidden: true });
  setText(play, "");
  play.append(tr("lobby.toBoard"));
  play.addEventListener("click", onPlay);
  const seats = h("ul", { class: "seat-grid", id: "seats" });
  const players = h("ul", { class: "player-list", id: "players" });
  const noPlayers = note("lobby.noPlayers");
  const element = h(
    "div",
    { class: "lobby" },
    h(
      "section",
      { class: "lobby-head" },
      h("p", { class: "eyebrow" }, tr("lobby.scenario")),
      title,
      description,
      // what they will learn beside how the class wins: the seats come up sooner on the screen
      h("div", { class: "lobby-goals" }, goalsSection, winsSection),
      status,
      play,
    ),
    h(
      "section",
      { class: "lobby-seats", "aria-labelledby": "seats-heading" },
      h("h2", { id: "seats-heading" }, tr("lobby.seats")),
      seats,
    ),
    h(
      "section",
      { class: "lobby-players", "aria-labelledby": "players-heading" },
      h("h2", { id: "players-heading" }, tr("lobby.players")),
      players,
      noPlayers,
    ),
  );

  return {
    element,
    update(view, me) {
      const s = view.session;
      const texts = sessionTexts(s);
      setText(title, texts.title);
      setText(description, texts.description);
      markAuthored(title, texts.untranslated.title);
      markAuthored(description, texts.untranslated.description);
      fillList(goalsSection, goals, texts.goals, texts.untranslated.goals);
      fillList(winsSection, wins, s.winConditions.map(winConditionText));
      const assigned = s.seatChoice === "assigned";
      const statusKey: MessageKey =
        s.status === "lobby"
          ? "lobby.waitingStart"
          : s.status === "paused"
            ? "lobby.paused"
            : s.status === "ended"
              ? "lobby.ended"
              : "lobby.running";
      setText(
        status,
        `${t(statusKey)}${assigned ? ` ${t("lobby.assigned")}` : ""}${me?.seat ? ` ${t("lobby.youHold", { seat: seatTitle(me.seat) })}` : ""}`,
      );
      play.hidden = !me?.seat;
      const names = new Map<string, string>();
      view.players.forEach((p) => {
        names.set(p.id, p.nickname);
      });
      reconcile(
        seats,
        seatsInOrder(view),
        (seat) => seat.id,
        (seat) => {
          const button = h("button", { type: "button", class: "secondary take-seat", "data-seat": seat.id });
          button.addEventListener("click", () => onTake(seat.id));
          return h(
            "li",
            { class: "seat-card" },
            h("h3", null, seatTitle(seat.id)),
            h("p", { class: "role-text" }),
            h("p", { class: "scores-text small-text muted" }),
            h("p", { class: "holders" }),
            button,
          );
        },
        (li, seat) => fillSeat(li, seat, names, me, assigned, s.teamSize),
      );
      const list: PlayerView[] = [];
      view.players.forEach((p) => {
        list.push(p);
      });
      list.sort((a, b) => a.nickname.localeCompare(b.nickname));
      reconcile(
        players,
        list,
        (p) => p.id,
        () => h("li"),
        (li, p) => {
          setText(
            li,
            `${p.connected ? "●" : "○"} ${p.nickname}${p.seat ? ` — ${seatTitle(p.seat)}` : ""}${p.id === me?.id ? ` (${t("lobby.you")})` : ""}`,
          );
          li.className = p.connected ? "online" : "offline";
        },
      );
      noPlayers.hidden = list.length > 0;
    },
  };
}

/** A list of lines from the session (absent from an older server: the section stays hidden). */
function fillList(
  section: HTMLElement,
  list: HTMLElement,
  items: readonly string[],
  untranslated: readonly boolean[] = [],
): void {
  reconcile(
    list,
    items.map((text, i) => ({ text, i })),
    (x) => String(x.i),
    () => h("li"),
    (li, x) => {
      setText(li, x.text);
      markAuthored(li, untranslated[x.i] ?? false);
    },
  );
  section.hidden = items.length === 0;
}

function fillSeat(
  li: HTMLElement,
  seat: SeatView,
  names: Map<string, string>,
  me: PlayerView | undefined,
  assigned: boolean,
  teamSize: number,
): void {
  const holders: string[] = [];
  seat.holders.forEach((id) => {
    holders.push(names.get(id) ?? id);
  });
  const role = ROLE_KEYS[roleOfSeat(seat.id)];
  setText(li.querySelector(".role-text") as HTMLElement, role ? t(role) : "");
  const scores = SCORE_KEYS[roleOfSeat(seat.id)];
  setText(li.querySelector(".scores-text") as HTMLElement, scores ? t(scores) : "");
  setText(li.querySelector(".holders") as HTMLElement, holders.length ? holders.join(", ") : t("lobby.bot"));
  const button = li.querySelector("button") as HTMLButtonElement;
  const mine = me?.seat === seat.id;
  const full = teamSize > 0 && holders.length >= teamSize && !mine;
  setText(button, mine ? t("lobby.yours") : full ? t("lobby.full") : t("lobby.take"));
  button.disabled = mine || assigned || full;
  setAttr(button, "aria-label", `${mine ? t("lobby.yours") : t("lobby.take")}: ${seatTitle(seat.id)}`);
  li.classList.toggle("mine", mine);
  li.classList.toggle("human", holders.length > 0);
}
