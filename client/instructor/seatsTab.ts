import type { PlayerAdminView, SeatView } from "../../shared/protocol/state.ts";
import { h, note, reconcile, setAttr, setText, tableHead, tr } from "../dom/h.ts";
import { points } from "../dom/leaderboard.ts";
import { language, t } from "../i18n/i18n.ts";
import { seatsInOrder, seatTitle } from "../state/view.ts";
import type { Tab, TeachContext } from "./context.ts";

/**
 * Seats and players: every seat with who holds it (or its bot), every player with their seat (a
 * select moves them, whatever the seat-choice mode), connection, score and message counters; kick one,
 * or select several and remove or ban them at once (the ban may cover their network address: the note
 * says what that means on a classroom network); removed and banned players, with unban.
 */
export function seatsTab(ctx: TeachContext): Tab {
  const seatsBody = h("tbody", { id: "seat-rows" });
  const playersBody = h("tbody", { id: "player-rows" });
  const removedBody = h("tbody", { id: "removed-rows" });
  const noPlayers = note("lobby.noPlayers");
  const selected = new Set<string>();
  const selectedCount = h("span", { id: "selected-count", "aria-live": "polite" });
  const removeSelected = h("button", { type: "button", class: "small danger", id: "remove-selected" });
  removeSelected.append(tr("teach.removeSelected"));
  const banSelected = h("button", { type: "button", class: "small danger", id: "ban-selected" });
  banSelected.append(tr("teach.banSelected"));
  const banAddress = h("input", { type: "checkbox", id: "ban-address" });
  const bulk = async (ban: boolean) => {
    const playerIds = [...selected];
    if (playerIds.length === 0) return;
    const key = ban ? "teach.banSelectedConfirm" : "teach.removeSelectedConfirm";
    if (!window.confirm(t(key, { n: playerIds.length }))) return;
    const reply = await ctx.ask("players.kick", { playerIds, ban, address: ban && banAddress.checked });
    if (reply.ok) selected.clear();
    update();
  };
  removeSelected.addEventListener("click", () => void bulk(false));
  banSelected.addEventListener("click", () => void bulk(true));
  const removedSection = h(
    "div",
    { class: "removed-players" },
    h("h3", null, tr("teach.removed")),
    h(
      "div",
      { class: "table-scroll" },
      h("table", null, tableHead(tr("teach.player"), tr("teach.removedState"), ""), removedBody),
    ),
  );
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
        tableHead("", tr("teach.player"), tr("teach.seat"), tr("score.title"), tr("teach.moves"), ""),
        playersBody,
      ),
    ),
    noPlayers,
    h(
      "div",
      { class: "bulk-actions" },
      selectedCount,
      " ",
      removeSelected,
      " ",
      banSelected,
      " ",
      h("label", null, banAddress, " ", tr("teach.banAddress")),
      note("teach.banAddressNote"),
    ),
    removedSection,
  );

  let seatOptions = "";
  function update(): void {
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
          holders.length
            ? `${holders.join(", ")} (${t(s.driver === "human" ? "board.human" : "board.bot")})`
            : t("lobby.bot"),
        );
      },
    );
    const signature = `${language()}|${seats.map((s) => s.id).join("|")}`;
    const players: PlayerAdminView[] = [];
    const removed: PlayerAdminView[] = [];
    view.instructor?.players.forEach((p) => {
      (p.kicked ? removed : players).push(p);
    });
    players.sort((a, b) => a.nickname.localeCompare(b.nickname));
    removed.sort((a, b) => a.nickname.localeCompare(b.nickname));
    for (const id of selected) if (!players.some((p) => p.id === id)) selected.delete(id);
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
        const pick = h("input", { type: "checkbox", class: "pick", "data-player": p.id });
        pick.addEventListener("change", () => {
          if (pick.checked) selected.add(p.id);
          else selected.delete(p.id);
          update();
        });
        return h(
          "tr",
          null,
          h("td", null, pick),
          h("th", { scope: "row" }),
          h("td", null, select),
          h("td", { class: "score" }),
          h("td", { class: "moves" }),
          h("td", null, kick),
        );
      },
      (row, p) => {
        const cells = row.children;
        const pick = row.querySelector("input.pick") as HTMLInputElement;
        pick.checked = selected.has(p.id);
        setAttr(pick, "aria-label", t("teach.select", { nickname: p.nickname }));
        setText(cells[1] as HTMLElement, `${p.connected ? "●" : "○"} ${p.nickname}`);
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
        // whole points, as every other screen shows them
        setText(cells[3] as HTMLElement, String(points(pub?.score ?? 0)));
        setText(cells[4] as HTMLElement, t("teach.counters", { accepted: p.accepted, refused: p.refused }));
        const kick = row.querySelector("button") as HTMLButtonElement;
        setAttr(kick, "aria-label", `${t("teach.kick")} ${p.nickname}`);
      },
    );
    noPlayers.hidden = players.length > 0;
    setText(selectedCount, t("teach.selected", { n: selected.size }));
    removeSelected.disabled = selected.size === 0;
    banSelected.disabled = selected.size === 0;
    removedSection.hidden = removed.length === 0;
    reconcile(
      removedBody,
      removed,
      (p) => p.id,
      (p) => {
        const unban = h("button", { type: "button", class: "small" }, tr("teach.unban"));
        unban.addEventListener("click", () => void ctx.ask("player.unban", { playerId: p.id }));
        return h("tr", null, h("th", { scope: "row" }), h("td"), h("td", null, unban));
      },
      (row, p) => {
        const cells = row.children;
        setText(cells[0] as HTMLElement, p.nickname);
        const state = p.addressBanned
          ? "teach.bannedWithAddress"
          : p.banned
            ? "teach.banned"
            : "teach.removedOnly";
        setText(cells[1] as HTMLElement, t(state, { ip: p.ip }));
        const unban = row.querySelector("button") as HTMLButtonElement;
        unban.hidden = !p.banned;
        setAttr(unban, "aria-label", `${t("teach.unban")} ${p.nickname}`);
      },
    );
  }
  return { element, update };
}
