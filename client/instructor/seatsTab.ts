import type { PlayerAdminView, SeatView } from "../../shared/protocol/state.ts";
import { h, note, reconcile, setAttr, setText, tableHead, tr } from "../dom/h.ts";
import { t } from "../i18n/i18n.ts";
import { seatsInOrder, seatTitle } from "../state/view.ts";
import type { Tab, TeachContext } from "./context.ts";

/**
 * Seats and players: every seat with who holds it (or its bot), every player with their seat (a
 * select moves them, whatever the seat-choice mode), connection, score and message counters; kick.
 */
export function seatsTab(ctx: TeachContext): Tab {
  const seatsBody = h("tbody", { id: "seat-rows" });
  const playersBody = h("tbody", { id: "player-rows" });
  const noPlayers = note("lobby.noPlayers");
  const element = h(
    "div",
    { class: "seats-tab" },
    h("h3", null, tr("lobby.seats")),
    h(
      "div",
      { class: "table-scroll" },
      h("table", null, tableHead(tr("teach.seat"), tr("teach.heldBy")), seatsBody),
    ),
    h("h3", null, tr("lobby.players")),
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        null,
        tableHead(tr("teach.player"), tr("teach.seat"), tr("score.title"), tr("teach.moves"), ""),
        playersBody,
      ),
    ),
    noPlayers,
  );

  let seatOptions = "";
  const update = () => {
    const view = ctx.view();
    const names = new Map<string, string>();
    view.players.forEach((p) => {
      names.set(p.id, p.nickname);
    });
    const seats = seatsInOrder(view);
    reconcile(
      seatsBody,
      seats,
      (s) => s.id,
      () => h("tr", null, h("th", { scope: "row" }), h("td")),
      (row, s: SeatView) => {
        setText(row.firstElementChild as HTMLElement, seatTitle(s.id));
        const holders: string[] = [];
        s.holders.forEach((id) => {
          holders.push(names.get(id) ?? id);
        });
        setText(
          row.lastElementChild as HTMLElement,
          holders.length ? `${holders.join(", ")} (${s.driver})` : t("lobby.bot"),
        );
      },
    );
    const signature = seats.map((s) => s.id).join("|");
    const players: PlayerAdminView[] = [];
    view.instructor?.players.forEach((p) => {
      if (!p.kicked) players.push(p);
    });
    players.sort((a, b) => a.nickname.localeCompare(b.nickname));
    const rebuildSelects = signature !== seatOptions;
    seatOptions = signature;
    reconcile(
      playersBody,
      players,
      (p) => p.id,
      (p) => {
        const select = h("select", { class: "assign", "data-player": p.id });
        select.addEventListener(
          "change",
          () =>
            void ctx.ask("seat.assign", { playerId: p.id, seat: select.value === "" ? null : select.value }),
        );
        const kick = h("button", { type: "button", class: "small danger" }, tr("teach.kick"));
        kick.addEventListener("click", () => {
          if (window.confirm(t("teach.kickConfirm", { nickname: p.nickname })))
            void ctx.ask("player.kick", { playerId: p.id });
        });
        return h(
          "tr",
          null,
          h("th", { scope: "row" }),
          h("td", null, select),
          h("td", { class: "score" }),
          h("td", { class: "moves" }),
          h("td", null, kick),
        );
      },
      (row, p) => {
        const cells = row.children;
        setText(cells[0] as HTMLElement, `${p.connected ? "●" : "○"} ${p.nickname}`);
        const select = row.querySelector("select") as HTMLSelectElement;
        if (rebuildSelects || select.options.length === 0) {
          select.replaceChildren(
            h("option", { value: "" }, t("teach.lobby")),
            ...seats.map((s) => h("option", { value: s.id }, seatTitle(s.id))),
          );
        }
        if (document.activeElement !== select) select.value = p.seat;
        setAttr(select, "aria-label", t("teach.assign", { nickname: p.nickname }));
        const pub = view.players.get(p.id);
        setText(cells[2] as HTMLElement, String(pub?.score ?? 0));
        setText(cells[3] as HTMLElement, t("teach.counters", { accepted: p.accepted, refused: p.refused }));
        const kick = row.querySelector("button") as HTMLButtonElement;
        setAttr(kick, "aria-label", `${t("teach.kick")} ${p.nickname}`);
      },
    );
    noPlayers.hidden = players.length > 0;
  };
  return { element, update };
}
