import type { SessionView, WinConditionLineView } from "../../shared/protocol/state.ts";
import { describeGoal, type StoredGoalResult } from "../../shared/scenario/goals.ts";
import { translationFor } from "../../shared/scenario/translations.ts";
import { hasKey, language, t } from "../i18n/i18n.ts";

/**
 * The scenario's words in the page's language: its title, description and goals from the session's
 * translations (falling back to the author's text), its win conditions from their codes.
 */
export function sessionTexts(session: SessionView): { title: string; description: string; goals: string[] } {
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
  };
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
