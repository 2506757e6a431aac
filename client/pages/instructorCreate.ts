import { translationFor } from "../../shared/scenario/translations.ts";
import "../styles/teach.css";
import type {
  ScenarioErrorJson,
  ScenarioSummary,
  ScenarioValidation,
  SessionCreated,
} from "../../shared/protocol/http.ts";
import { clear, filePicker, h, label, note, tr } from "../dom/h.ts";
import { resetShell, toast } from "../dom/shell.ts";
import { createYamlEditor } from "../dom/yamlEditor.ts";
import { language, onLanguageChange, say, t } from "../i18n/i18n.ts";
import { api } from "../net/api.ts";
import {
  adminToken,
  instructorSessions,
  storeAdminToken,
  storeInstructorToken,
  storeMatchId,
} from "../net/identity.ts";
import { navigate, type Screen } from "../router.ts";
import { markAuthored } from "../state/scenarioTexts.ts";

/**
 * Creating a session: a built-in scenario (each downloadable as YAML, a starting point for your own)
 * or your own YAML, checked by the server as you go with every error at its line and field; the
 * class settings; then the instructor page of the new session.
 */
export const instructorCreateScreen: Screen = async () => {
  const shell = resetShell("create.title");
  shell.main.classList.add("screen-create");
  // what is worded when drawn (the scenarios' lines, the check of a pasted scenario) is worded again
  const offLanguage: (() => void)[] = [];
  const unmount = () => {
    for (const off of offLanguage) off();
  };
  const list = h("div", { class: "scenario-list", role: "radiogroup", "aria-labelledby": "builtin-heading" });
  const loading = note("create.loading");
  const mine = h("ul", { class: "my-sessions" });

  // --- own YAML --------------------------------------------------------------------------------------
  const editor = createYamlEditor("scenario-yaml", "");
  const fileInput = h("input", {
    type: "file",
    accept: ".yaml,.yml,application/yaml,text/yaml",
    id: "scenario-file",
  });
  const validation = h("div", { class: "validation", "aria-live": "polite", id: "scenario-validation" });
  let fileName = "scenario.yaml";
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    fileName = file.name;
    editor.setValue(await file.text());
    useOwn.checked = true;
    void validate();
  });
  const useOwn = h("input", { type: "radio", name: "scenario", value: "__own", id: "scenario-own" });
  let timer: ReturnType<typeof setTimeout> | undefined;
  editor.textarea.addEventListener("input", () => {
    useOwn.checked = true;
    clearTimeout(timer);
    timer = setTimeout(() => void validate(), 600);
  });

  const validate = async (): Promise<boolean> => {
    const text = editor.value();
    if (!text.trim()) {
      clear(validation);
      return false;
    }
    // a server with ADMIN_TOKEN asks for it to check scenarios too
    const token = admin.value || adminToken();
    const res = await api<ScenarioValidation>("/scenarios/validate", {
      body: { files: [{ file: fileName, text }] },
      ...(token ? { token } : {}),
    });
    clear(validation);
    if (!res.ok) {
      if (res.error.reason === "NotAdmin") adminField.hidden = false;
      validation.append(h("p", { class: "form-error" }, say(res.error)));
      return false;
    }
    if (res.data.ok && res.data.summary) {
      const s = res.data.summary;
      validation.append(
        h(
          "p",
          { class: "ok-text" },
          "✓ ",
          t("create.valid", { title: s.title, nodes: s.nodes, steps: s.timelineSteps }),
        ),
      );
      if (s.notSimulated.length)
        validation.append(
          h("p", { class: "hint" }, t("create.notSimulated", { list: s.notSimulated.join("; ") })),
        );
      editor.showErrors([]);
      return true;
    }
    showErrors(res.data.errors);
    return false;
  };
  offLanguage.push(
    onLanguageChange(() => {
      if (validation.firstChild) void validate();
    }),
  );
  const showErrors = (errors: ScenarioErrorJson[]) => {
    validation.append(h("p", { class: "form-error" }, t("create.errors", { n: errors.length })));
    editor.showErrors(
      errors.map((e) => ({ line: e.line, message: e.field ? `${e.field}: ${e.message}` : e.message })),
    );
  };

  // --- settings ----------------------------------------------------------------------------------------
  const speed = h("input", {
    type: "number",
    id: "opt-speed",
    min: "0.5",
    max: "10",
    step: "0.5",
    value: "1",
  });
  const seatChoice = h(
    "select",
    { id: "opt-seats" },
    h("option", { value: "free" }),
    h("option", { value: "assigned" }),
  );
  const [free, assigned] = Array.from(seatChoice.options);
  if (free) free.append(tr("create.seatsFree"));
  if (assigned) assigned.append(tr("create.seatsAssigned"));
  const teamSize = h("input", { type: "number", id: "opt-team", min: "0", max: "60", value: "0" });
  const maxPlayers = h("input", { type: "number", id: "opt-max", min: "1", max: "60", value: "60" });
  const lateJoin = h("input", { type: "checkbox", id: "opt-late", checked: true });
  const wordFilter = h("input", { type: "checkbox", id: "opt-words", checked: true });
  const seed = h("input", { type: "number", id: "opt-seed", min: "0", placeholder: "—" });
  const admin = h("input", {
    type: "password",
    id: "opt-admin",
    autocomplete: "off",
    value: adminToken() ?? "",
  });
  const adminField = h(
    "div",
    { class: "field", hidden: !adminToken() },
    h("label", { for: "opt-admin" }, tr("create.admin")),
    admin,
  );
  const error = h("p", { class: "form-error", role: "alert", id: "create-error" });
  const submit = h(
    "button",
    { type: "submit", class: "primary big", id: "create-submit" },
    tr("create.submit"),
  );
  const field = (
    id: string,
    key: Parameters<typeof tr>[0],
    input: HTMLElement,
    hint?: Parameters<typeof tr>[0],
  ) =>
    h(
      "div",
      { class: "field" },
      h("label", { for: id }, tr(key)),
      input,
      hint ? h("small", { class: "hint" }, tr(hint)) : null,
    );

  const form = h(
    "form",
    { class: "create-form", novalidate: true },
    h(
      "section",
      { class: "card" },
      h("h2", { id: "builtin-heading" }, tr("create.builtin")),
      loading,
      list,
      h(
        "details",
        { class: "own-scenario" },
        h("summary", null, h("label", { for: "scenario-own" }, useOwn, " ", tr("create.own"))),
        tr("create.ownHelp", undefined, "p"),
        h("div", { class: "field" }, filePicker(fileInput, "create.upload")),
        editor.element,
        validation,
      ),
    ),
    h(
      "section",
      { class: "card settings" },
      h("h2", null, tr("create.settings")),
      field("opt-speed", "create.speed", speed, "create.speedHint"),
      field("opt-seats", "create.seatChoice", seatChoice),
      field("opt-team", "create.teamSize", teamSize, "create.teamHint"),
      field("opt-max", "create.maxPlayers", maxPlayers),
      h("label", { class: "check" }, lateJoin, " ", tr("create.lateJoin")),
      h("label", { class: "check" }, wordFilter, " ", tr("create.wordFilter")),
      field("opt-seed", "create.seed", seed, "create.seedHint"),
      adminField,
      error,
      submit,
      h("h3", null, tr("create.yourSessions")),
      mine,
    ),
  );
  label(admin, "create.admin");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const chosen = (form.querySelector("input[name=scenario]:checked") as HTMLInputElement | null)?.value;
    if (!chosen) {
      error.textContent = t("create.pick");
      return;
    }
    const options: Record<string, unknown> = {
      speed: Number(speed.value) || 1,
      seatChoice: seatChoice.value,
      teamSize: Number(teamSize.value) || 0,
      maxPlayers: Math.max(1, Math.min(60, Number(maxPlayers.value) || 60)),
      lateJoin: lateJoin.checked,
      wordFilter: wordFilter.checked,
    };
    if (seed.value !== "") options.seed = Number(seed.value);
    const body =
      chosen === "__own"
        ? { files: [{ file: fileName, text: editor.value() }], options }
        : { scenario: chosen, options };
    if (admin.value) storeAdminToken(admin.value);
    submit.disabled = true;
    const res = await api<SessionCreated>("/sessions", {
      body,
      ...(admin.value ? { token: admin.value } : {}),
    });
    submit.disabled = false;
    if (!res.ok) {
      if (res.error.reason === "NotAdmin") adminField.hidden = false;
      if (res.error.errors?.length) {
        clear(validation);
        showErrors(res.error.errors);
        (form.querySelector("details.own-scenario") as HTMLDetailsElement).open = true;
      }
      error.textContent = say(res.error);
      return;
    }
    storeInstructorToken(res.data.code, res.data.instructorToken);
    storeMatchId(res.data.code, res.data.sessionId);
    const code = res.data.code;
    toast(() => t("create.created", { code }), "success");
    navigate(`/instructor/${res.data.code}#token=${encodeURIComponent(res.data.instructorToken)}`);
  });

  shell.main.append(h("div", { class: "create-layout" }, h("h1", null, tr("create.heading")), form));

  for (const s of instructorSessions().reverse().slice(0, 8)) {
    mine.append(
      h("li", null, h("a", { href: `/instructor/${s.code}#token=${encodeURIComponent(s.token)}` }, s.code)),
    );
  }
  if (!mine.firstChild) mine.append(h("li", { class: "muted" }, tr("create.noSessions")));

  const res = await api<{ scenarios: ScenarioSummary[] }>("/scenarios");
  loading.remove();
  if (!res.ok) {
    list.append(h("p", { class: "form-error" }, say(res.error)));
    return unmount;
  }
  res.data.scenarios.forEach((s, i) => {
    const id = `scenario-${s.name}`;
    const radio = h("input", { type: "radio", name: "scenario", value: s.name, id, checked: i === 0 });
    // the scenario's own words in the page's language, following a switch
    const titleEl = h("strong");
    const descEl = h("span", { class: "scenario-desc" });
    const metaEl = h("span", { class: "muted" });
    const word = () => {
      const tr = translationFor(s.translations, language());
      titleEl.textContent = tr?.title ?? s.title;
      descEl.textContent = tr?.description ?? s.description;
      markAuthored(titleEl, !tr?.title);
      markAuthored(descEl, !tr?.description);
      metaEl.textContent = ` · ${t("create.meta", { nodes: s.nodes, minutes: Math.round((s.durationSeconds ?? 0) / 60) })}`;
    };
    word();
    offLanguage.push(onLanguageChange(word));
    list.append(
      h(
        "div",
        { class: "scenario-option" },
        radio,
        h("label", { for: id }, titleEl, metaEl, descEl),
        h(
          "a",
          { href: `/api/scenarios/${s.name}.yaml`, download: `${s.name}.yaml`, class: "download" },
          tr("create.download"),
        ),
      ),
    );
  });
  return unmount;
};
