import type { SessionView, WinConditionLineView } from "../../shared/protocol/state.ts";
import { describeGoal, type StoredGoalResult } from "../../shared/scenario/goals.ts";
import { translationFor } from "../../shared/scenario/translations.ts";
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

/** A judged win condition: `✓ what was asked` when met, `✕ what was asked — what is missing` when not. */
export function goalLine(goal: StoredGoalResult & { met: boolean }): string {
  const { description, detail } = describeGoal(goal, t);
  return goal.met ? `✓ ${description}` : `✕ ${description} — ${detail}`;
}
