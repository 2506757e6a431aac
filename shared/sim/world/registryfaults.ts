import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import { interruptPullsFrom } from "../runtime/puller.ts";
import { announceFault } from "./announce.ts";

/** Registry faults an instructor can inject: an outage, a rate limit, a revoked credential. */
export function registryOutage(engine: Engine, name: string, durationSeconds: number): CommandResult {
  const registry = engine.state.registries[name];
  if (!registry) return { ok: false, code: "NotFound", message: `registry "${name}" not found` };
  registry.outageUntil = engine.now + durationSeconds * 1000;
  engine.changed("Registry", name);
  announceFault(engine, {
    warning: true,
    reason: "RegistryOutage",
    message: `Registry ${registry.host} is unreachable for ${durationSeconds}s: pulls from it fail, and pulls under way stop`,
    kind: "Registry",
    name,
  });
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
    announceFault(engine, {
      warning: false,
      reason: "RegistryRateLimitLifted",
      message: `Registry ${registry.host} no longer limits pulls`,
      kind: "Registry",
      name,
    });
    return { ok: true, message: `registry ${name}: no rate limit` };
  }
  registry.rateLimit = { pulls, windowSeconds };
  announceFault(engine, {
    warning: true,
    reason: "RegistryRateLimited",
    message: `Registry ${registry.host} allows ${pulls} pulls per ${windowSeconds}s: beyond, it answers 429 Too Many Requests`,
    kind: "Registry",
    name,
  });
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
  announceFault(engine, {
    warning: !valid,
    reason: valid ? "CredentialRestored" : "CredentialRevoked",
    message: valid
      ? `Registry ${registry.host} accepts the credentials of secret ${secret} again`
      : `Registry ${registry.host} no longer accepts the credentials of secret ${secret}: pulls that use it are denied`,
    kind: "Registry",
    name,
  });
  return { ok: true, message: `credential ${secret} ${valid ? "accepted" : "revoked"} by registry ${name}` };
}
