import type { EventView } from "../../shared/protocol/state.ts";
import { eventComponentOf, eventMessageOf } from "../../shared/view/eventTemplates.ts";
import { hasKey, t } from "../i18n/i18n.ts";

/**
 * An event's message as the page shows it. Kubernetes' own events stay as Kubernetes prints them; the
 * game's events (source "kubeclass…": the teacher's faults, machines and clouds) are told in the page's
 * language from their reason, falling back to the English the engine wrote.
 */
export function eventMessage(e: EventView): string {
  if (!isGameEvent(e)) return eventMessageOf(e);
  const key = `world.${e.reason}`;
  return hasKey(key) ? t(key, { name: e.name }) : e.message;
}

/** The game's own events (its faults, machines, clouds), as opposed to Kubernetes'. */
export function isGameEvent(e: EventView): boolean {
  return eventComponentOf(e).startsWith("kubeclass");
}
