import type { ApiError, JoinResponse } from "../../shared/protocol/http.ts";
import { isJoinCode, JOIN_CODE_LENGTH, normalizeJoinCode } from "../../shared/protocol/joinCode.ts";
import { checkNickname, NICKNAME_MAX_LENGTH } from "../../shared/protocol/nickname.ts";
import { h, label, tr } from "../dom/h.ts";
import { resetShell } from "../dom/shell.ts";
import { bindText, onLanguageChange, say, t } from "../i18n/i18n.ts";
import { api } from "../net/api.ts";
import { deviceId, lastNickname, storedPlayer, storePlayer } from "../net/identity.ts";
import { navigate, type Screen } from "../router.ts";

/** A join answered over HTTP, handed to the play screen so it opens the room without asking again. */
let handoff: { code: string; response: JoinResponse } | undefined;

export function takeHandoff(code: string): JoinResponse | undefined {
  const h = handoff?.code === code ? handoff.response : undefined;
  handoff = undefined;
  return h;
}

/** The message for a refused join, in the page's language. */
export function joinErrorText(error: ApiError["error"]): string {
  return say(error);
}

/** POST /api/sessions/:code/join, remembering the player token for reloads. */
export async function joinSession(
  code: string,
  body: { nickname?: string; playerToken?: string },
): Promise<{ ok: true; response: JoinResponse } | { ok: false; error: ApiError["error"] }> {
  const res = await api<JoinResponse>(`/sessions/${encodeURIComponent(code)}/join`, {
    body: { ...body, deviceId: deviceId() },
  });
  if (!res.ok) return { ok: false, error: res.error };
  const player = res.data.player;
  storePlayer(code, { id: player.id, nickname: player.nickname, token: player.token });
  return { ok: true, response: res.data };
}

export const joinScreen: Screen = (params) => {
  const shell = resetShell("join.title");
  shell.main.classList.add("screen-join");
  const fromUrl = normalizeJoinCode(
    params.code ?? new URLSearchParams(window.location.search).get("code") ?? "",
  );

  const codeInput = h("input", {
    id: "join-code",
    name: "code",
    autocomplete: "off",
    autocapitalize: "characters",
    spellcheck: "false",
    inputmode: "text",
    maxlength: String(JOIN_CODE_LENGTH + 4),
    required: true,
    "aria-describedby": "join-code-hint join-error",
    class: "code-input",
    value: fromUrl,
  });
  const nickInput = h("input", {
    id: "join-nickname",
    name: "nickname",
    autocomplete: "nickname",
    maxlength: String(NICKNAME_MAX_LENGTH * 2),
    required: true,
    "aria-describedby": "join-nickname-hint join-error",
    value: lastNickname(),
  });
  const error = h("p", { id: "join-error", class: "form-error", role: "alert" });
  const submit = h("button", { type: "submit", class: "primary big", id: "join-submit" });
  bindText(submit, "join.submit");

  // the message is worded again after a language switch
  let wording: (() => string) | undefined;
  const offLanguage = onLanguageChange(() => {
    if (wording) error.textContent = wording();
  });
  const showError = (word: () => string, field?: HTMLInputElement) => {
    wording = word;
    error.textContent = word();
    for (const input of [codeInput, nickInput]) input.setAttribute("aria-invalid", String(input === field));
    field?.focus();
  };

  const form = h(
    "form",
    { class: "card join-card", novalidate: true, "aria-labelledby": "join-heading" },
    h("h1", { id: "join-heading" }, tr("join.heading")),
    tr("join.lead", undefined, "p"),
    h(
      "div",
      { class: "field" },
      h("label", { for: "join-code" }, tr("join.code")),
      codeInput,
      h("small", { id: "join-code-hint", class: "hint" }, tr("join.codeHint")),
    ),
    h(
      "div",
      { class: "field" },
      h("label", { for: "join-nickname" }, tr("join.nickname")),
      nickInput,
      h("small", { id: "join-nickname-hint", class: "hint" }, tr("join.nicknameHint")),
    ),
    error,
    submit,
  );

  const continueBox = h("div", { class: "continue" });
  const renderContinue = () => {
    const code = normalizeJoinCode(codeInput.value);
    const stored = isJoinCode(code) ? storedPlayer(code) : undefined;
    continueBox.replaceChildren();
    if (!stored) return;
    const button = h("button", { type: "button", class: "secondary", id: "join-continue" });
    bindText(button, "join.continueAs", { nickname: stored.nickname });
    button.addEventListener("click", () => navigate(`/play/${code}`));
    continueBox.append(button);
  };
  codeInput.addEventListener("input", renderContinue);
  renderContinue();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const code = normalizeJoinCode(codeInput.value);
    if (!isJoinCode(code)) {
      // six letters or digits, but never a code we hand out (those skip look-alikes such as O, 0, I, 1)
      const sixLettersOrDigits = new RegExp(`^[A-Z0-9]{${JOIN_CODE_LENGTH}}$`).test(code);
      showError(
        () =>
          sixLettersOrDigits
            ? t("join.error.noSuchCode", { code })
            : t("join.error.badCode", { length: JOIN_CODE_LENGTH }),
        codeInput,
      );
      return;
    }
    const nick = checkNickname(nickInput.value);
    if (!nick.ok) {
      showError(() => say(nick), nickInput);
      return;
    }
    submit.disabled = true;
    error.textContent = "";
    wording = undefined;
    const result = await joinSession(code, { nickname: nick.nickname });
    submit.disabled = false;
    if (!result.ok) {
      const nicknameProblem = result.error.reason.startsWith("Nickname");
      const refused = result.error;
      showError(() => joinErrorText(refused), nicknameProblem ? nickInput : codeInput);
      return;
    }
    handoff = { code, response: result.response };
    navigate(`/play/${code}`);
  });

  const links = h(
    "nav",
    { class: "join-links" },
    label(h("a", { href: "/instructor" }, tr("join.teacher")), "join.teacherLabel"),
    h("a", { href: "/matches" }, tr("join.matches")),
  );

  shell.main.append(
    h(
      "div",
      { class: "join-layout" },
      h(
        "section",
        { class: "join-intro" },
        h("p", { class: "eyebrow" }, tr("join.eyebrow")),
        h("h2", null, tr("join.tagline")),
        // the components by their Kubernetes names, as the seats are called in the lobby
        h(
          "ul",
          { class: "role-list" },
          h("li", null, h("strong", { translate: "no" }, "kube-scheduler"), " ", tr("join.role.scheduler")),
          h("li", null, h("strong", { translate: "no" }, "kubelet"), " ", tr("join.role.kubelet")),
          h(
            "li",
            null,
            h("strong", { translate: "no" }, "kube-controller-manager"),
            " ",
            tr("join.role.controllerManager"),
          ),
          h("li", null, h("strong", { translate: "no" }, "kube-proxy"), " ", tr("join.role.kubeProxy")),
          h("li", null, h("strong", { translate: "no" }, "kubectl"), " ", tr("join.role.user")),
          h(
            "li",
            null,
            h("strong", { translate: "no" }, "cluster-autoscaler"),
            " ",
            tr("join.role.autoscaler"),
          ),
        ),
      ),
      h("div", { class: "join-side" }, continueBox, form, links),
    ),
  );
  (fromUrl ? nickInput : codeInput).focus();
  return offLanguage;
};
