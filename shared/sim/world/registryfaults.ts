import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import { interruptPullsFrom } from "../runtime/puller.ts";

/** Registry faults an instructor can inject: an outage, a rate limit, a revoked credential. */
export function registryOutage(engine: Engine, name: string, durationSeconds: number): CommandResult {
  const registry = engine.state.registries[name];
  if (!registry) return { ok: false, code: "NotFound", message: `registry "${name}" not found` };
  registry.outageUntil = engine.now + durationSeconds * 1000;
  engine.changed("Registry", name);
  interruptPullsFrom(engine, name);
  return { ok: true, message: `registry ${name} unavailable for ${durationSeconds}s` };
}

export function rateLimitRegistry(
  engine: Engine,
  name: string,
  pulls: number,
  windowSeconds = 3600,
): CommandResult {
  const registry = engine.state.registries[name];
  if (!registry) return { ok: false, code: "NotFound", message: `registry "${name}" not found` };
  engine.changed("Registry", name);
  if (pulls === 0) {
    delete registry.rateLimit;
    return { ok: true, message: `registry ${name}: no rate limit` };
  }
  registry.rateLimit = { pulls, windowSeconds };
  return { ok: true, message: `registry ${name}: ${pulls} pulls per ${windowSeconds}s` };
}

export function setCredential(engine: Engine, name: string, secret: string, valid: boolean): CommandResult {
  const registry = engine.state.registries[name];
  if (!registry) return { ok: false, code: "NotFound", message: `registry "${name}" not found` };
  registry.pullSecrets = registry.pullSecrets.filter((s) => s !== secret);
  if (valid) registry.pullSecrets.push(secret);
  const revoked = (registry.revokedSecrets ?? []).filter((s) => s !== secret);
  if (!valid) revoked.push(secret);
  if (revoked.length > 0) registry.revokedSecrets = revoked;
  else delete registry.revokedSecrets;
  engine.changed("Registry", name);
  return { ok: true, message: `credential ${secret} ${valid ? "accepted" : "revoked"} by registry ${name}` };
}
