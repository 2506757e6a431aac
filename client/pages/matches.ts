import "../styles/replay.css";
import type { MatchImported, MatchSummary } from "../../shared/protocol/http.ts";
import { h, label, note, tableHead, tr } from "../dom/h.ts";
import { resetShell, toast } from "../dom/shell.ts";
import { language, say, t } from "../i18n/i18n.ts";
import { api } from "../net/api.ts";
import { adminToken } from "../net/identity.ts";
import type { Screen } from "../router.ts";

/**
 * Every recorded match (newest first): scenario, date, players, outcome, with links to its replay, its
 * debrief and its match file; and importing a match file from another server (re-simulated and
 * verified there: a mismatch is reported, never hidden).
 */
export const matchesScreen: Screen = async () => {
  const shell = resetShell("matches.title");
  shell.main.classList.add("screen-matches");
  const body = h("tbody", { id: "match-rows" });
  const empty = note("matches.none");
  const file = h("input", { type: "file", accept: ".json,application/json", id: "import-file" });
  label(file, "matches.importFile");
  const result = h("p", { class: "import-result", "aria-live": "polite", id: "import-result" });
  file.addEventListener("change", async () => {
    const f = file.files?.[0];
    if (!f) return;
    let data: unknown;
    try {
      data = JSON.parse(await f.text());
    } catch {
      result.textContent = t("matches.notJson");
      return;
    }
    const res = await api<MatchImported>("/matches/import", {
      body: data,
      ...(adminToken() ? { token: adminToken() } : {}),
    });
    if (!res.ok) {
      result.textContent = say(res.error);
      result.className = "import-result form-error";
      return;
    }
    result.className = `import-result ${res.data.verified ? "ok-text" : "bad-text"}`;
    result.textContent = res.data.verified
      ? t("matches.imported")
      : t("matches.importedMismatch", { n: res.data.mismatches.length });
    toast(result.textContent, res.data.verified ? "success" : "warning");
    await load();
  });

  shell.main.append(
    h(
      "div",
      { class: "matches" },
      h("h1", null, tr("matches.heading")),
      tr("matches.intro", undefined, "p"),
      h("div", { class: "import-box" }, h("strong", null, tr("matches.import")), file, result),
      h(
        "div",
        { class: "table-scroll card" },
        h(
          "table",
          null,
          tableHead(
            tr("matches.scenario"),
            tr("matches.date"),
            tr("matches.players"),
            tr("matches.outcome"),
            "",
          ),
          body,
        ),
        empty,
      ),
    ),
  );

  const load = async () => {
    const res = await api<{ matches: MatchSummary[] }>("/matches");
    body.replaceChildren();
    if (!res.ok) {
      body.append(h("tr", null, h("td", { colspan: "5", class: "form-error" }, say(res.error))));
      return;
    }
    empty.hidden = res.data.matches.length > 0;
    const date = new Intl.DateTimeFormat(language(), { dateStyle: "medium", timeStyle: "short" });
    for (const m of res.data.matches) {
      const id = encodeURIComponent(m.id);
      const live = m.status === "live";
      body.append(
        h(
          "tr",
          { "data-match": m.id },
          h(
            "th",
            { scope: "row" },
            m.scenario.title,
            h("br"),
            h("small", { class: "muted" }, m.scenario.name, m.code ? ` · ${m.code}` : ""),
          ),
          h("td", null, date.format(new Date(m.startedAt ?? m.createdAt))),
          h("td", null, String(m.players)),
          h(
            "td",
            { class: live ? "status-live" : m.outcome === "won" ? "ok-text" : "" },
            live
              ? t("matches.live")
              : m.imported
                ? `${t("matches.importedTag")} · ${m.outcome ?? ""}`
                : (m.outcome ?? m.endReason ?? "—"),
          ),
          h(
            "td",
            { class: "actions" },
            live
              ? h("span", { class: "muted" }, t("matches.inProgress"))
              : [
                  h("a", { href: `/replay/${id}`, class: "button small" }, tr("matches.replay")),
                  " ",
                  h("a", { href: `/debrief/${id}`, class: "button small" }, tr("matches.debrief")),
                  " ",
                  h(
                    "a",
                    {
                      href: `/api/matches/${id}/record`,
                      download: `kubeclass-match-${m.id}.json`,
                      class: "button small",
                    },
                    tr("matches.download"),
                  ),
                ],
          ),
        ),
      );
    }
  };
  await load();
  return undefined;
};
