import type { RegistryView } from "../protocol/state.ts";
import type { Registry } from "../sim/model/registry.ts";

export interface RegistryViewResult {
  view: RegistryView;
  /** When the view changes without a write: an outage ends, a counted pull leaves the window. */
  changesAt: number;
}

/**
 * A registry as the board and the instructor's faults tab read it: up or in an outage, its rate limit
 * and the pulls counted in the current window, the pull secrets it accepts and those it no longer does.
 */
export function registryView(registry: Registry, now: number, revoked: Iterable<string>): RegistryViewResult {
  let changesAt = Number.POSITIVE_INFINITY;
  const inOutage = registry.outageUntil !== undefined && registry.outageUntil > now;
  if (inOutage) changesAt = registry.outageUntil as number;
  const limit = registry.rateLimit;
  let pullsInWindow = 0;
  if (limit) {
    const windowMs = limit.windowSeconds * 1000;
    const times = registry.pullTimes;
    for (let i = times.length - 1; i >= 0 && (times[i] as number) > now - windowMs; i--) {
      pullsInWindow++;
      // the oldest counted pull leaves the window then
      changesAt = Math.min(changesAt, (times[i] as number) + windowMs);
    }
  }
  const accepted = new Set(registry.pullSecrets);
  const view: RegistryView = {
    name: registry.name,
    kind: registry.kind,
    host: registry.host,
    requiresCredentials: registry.requiresCredentials,
    outageUntil: inOutage ? (registry.outageUntil as number) : 0,
    rateLimit: limit ? `${limit.pulls}/${limit.windowSeconds}s` : "",
    pullsInWindow,
    pullSecrets: accepted,
    revokedSecrets: new Set([...revoked].filter((name) => !accepted.has(name))),
  };
  return { view, changesAt };
}
