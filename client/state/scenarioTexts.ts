import type { SessionView, WinConditionLineView } from "../../shared/protocol/state.ts";
import type { GoalMessage, StoredGoalResult } from "../../shared/scenario/goals.ts";
import { translationFor } from "../../shared/scenario/translations.ts";
import { h, k8s, phrase } from "../dom/h.ts";
import { hasKey, language, t } from "../i18n/i18n.ts";

/**
 * The scenario's words in the page's language: its title, description and goals from the session's
 * translations (falling back to the author's text, flagged in `untranslated`), its win conditions
 * from their codes.
 */
export interface SessionTexts {
  title: string;
  description: string;
  goals: string[];
  /** Which of them are the author's words as written, the scenario having no translation of them. */
  untranslated: { title: boolean; description: boolean; goals: boolean[] };
}

export function sessionTexts(session: SessionView): SessionTexts {
  const translations: Record<string, { title?: string; description?: string; goals?: string[] }> = {};
  session.translations.forEach((text, tag) => {
    translations[tag] = {
      title: text.title,
      description: text.description,
      ...(text.goals.length > 0 ? { goals: [...text.goals] } : {}),
    };
  });
  const tr = translationFor(translations, language());
  const goals = [...session.goals];
  return {
    title: tr?.title || session.title || session.scenario,
    description: tr?.description || session.description,
    goals: goals.map((goal, i) => tr?.goals?.[i] ?? goal),
    untranslated: {
      title: !tr?.title,
      description: !tr?.description,
      goals: goals.map((_, i) => tr?.goals?.[i] === undefined),
    },
  };
}

/**
 * Marks an element that shows the scenario author's words as written (no translation of them in the
 * page's language): what the crawl test does not count as untranslated interface text.
 */
export function markAuthored(el: Element, untranslated: boolean): void {
  if (untranslated) el.setAttribute("data-untranslated", "author");
  else el.removeAttribute("data-untranslated");
}

export function winConditionText(line: WinConditionLineView): string {
  if (!hasKey(line.code)) return line.text;
  try {
    return t(line.code, JSON.parse(line.params) as Record<string, string | number>);
  } catch {
    return line.text;
  }
}

/** Parameters that are Kubernetes' own words (a FailedScheduling message, a container's reason). */
const K8S_PARAMS = new Set(["message", "reason", "selector"]);

/** One line of a goal in the page's language, Kubernetes' words marked; the recorded English without a code. */
function goalPart(message: GoalMessage | undefined, english: string): HTMLElement | string {
  if (!message || !hasKey(message.code)) return english;
  const params: Record<string, string | number | Node> = {};
  for (const [name, value] of Object.entries(message.params))
    params[name] = K8S_PARAMS.has(name) ? k8s(String(value)) : value;
  return phrase(message.code, params);
}

/** A judged win condition: `✓ what was asked` when met, `✕ what was asked — what is missing` when not. */
export function goalLine(goal: StoredGoalResult & { met: boolean }): HTMLElement {
  const description = goalPart(goal.descriptionMessage, goal.description);
  return goal.met
    ? h("span", null, "✓ ", description)
    : h("span", null, "✕ ", description, " — ", goalPart(goal.detailMessage, goal.detail));
}
