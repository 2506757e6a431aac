import "../styles/replay.css";
import type { MatchImported, MatchSummary, ScenarioSummary } from "../../shared/protocol/http.ts";
import type { PlainCode } from "../../shared/protocol/phrases.ts";
import { recordedByOtherSimulation } from "../../shared/replay/record.ts";
import { translationFor } from "../../shared/scenario/translations.ts";
import { authored, filePicker, h, k8s, label, note, tableHead, tr } from "../dom/h.ts";
import { resetShell, toast } from "../dom/shell.ts";
import { language, onLanguageChange, say, t } from "../i18n/i18n.ts";
import { api } from "../net/api.ts";
import { adminToken } from "../net/identity.ts";
import type { Screen } from "../router.ts";

/** Why a match ended (the server's end reasons), in the words of the end notice. */
const END_REASONS: Record<string, PlainCode> = {
  instructor: "endedByTeacher",
  "time-up": "timeUp",
  idle: "endedIdle",
  shutdown: "serverStopped",
};

/**
 * A match's outcome in the page's language: won, lost (what was missing is in its debrief), or why it
 * ended without a verdict.
 */
function outcomeText(m: MatchSummary): string {
  if (m.outcome === "won") return t("matches.won");
  if (m.outcome?.startsWith("lost")) return t("matches.lost");
  if (m.endReason === "interrupted") return t("matches.interrupted");
  const why = m.endReason ? END_REASONS[m.endReason] : undefined;
  if (why) return say({ code: why, params: {} });
  return m.outcome ?? m.endReason ?? "—";
}

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
    const { verified } = res.data;
    const n = res.data.mismatches.length;
    const other = recordedByOtherSimulation((data as { simulation?: number }).simulation);
    const said = () =>
      verified
        ? t("matches.imported")
        : [t("matches.importedMismatch", { n }), other ? t("replay.otherSimulation") : ""].join(" ").trim();
    result.textContent = said();
    toast(said, verified ? "success" : "warning");
    await load();
  });

  shell.main.append(
    h(
      "div",
      { class: "matches" },
      h("h1", null, tr("matches.heading")),
      tr("matches.intro", undefined, "p"),
      h(
        "div",
        { class: "import-box" },
        h("strong", null, tr("matches.import")),
        " ",
        filePicker(file, "matches.chooseFile"),
        result,
      ),
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
    // the built-in scenarios' titles in the page's language (a teacher's upload keeps its own)
    const scenarios = await api<{ scenarios: ScenarioSummary[] }>("/scenarios");
    const builtin = new Map(scenarios.ok ? scenarios.data.scenarios.map((s) => [s.name, s]) : []);
    const titleOf = (m: MatchSummary): { text: string; translated: boolean } => {
      const s = builtin.get(m.scenario.name);
      const title =
        s && s.title === m.scenario.title ? translationFor(s.translations, language())?.title : undefined;
      return title ? { text: title, translated: true } : { text: m.scenario.title, translated: false };
    };
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
            titleOf(m).translated ? titleOf(m).text : authored(titleOf(m).text),
            h("br"),
            h("small", { class: "muted" }, k8s(m.scenario.name), m.code ? ` · ${m.code}` : ""),
          ),
          h("td", null, date.format(new Date(m.startedAt ?? m.createdAt))),
          h("td", null, String(m.players)),
          h(
            "td",
            { class: live ? "status-live" : m.outcome === "won" ? "ok-text" : "" },
            live
              ? t("matches.live")
              : m.imported
                ? `${t("matches.importedTag")} · ${outcomeText(m)}`
                : outcomeText(m),
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
  // dates, outcomes and titles are worded when drawn: draw again in the new language
  return onLanguageChange(() => void load());
};
