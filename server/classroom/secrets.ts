import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from "../../shared/protocol/joinCode.ts";

/** Secrets and identifiers, all from the OS CSPRNG. Tokens are stored only as SHA-256 digests. */

/** An unguessable bearer token (24 random bytes, base64url). */
export function newToken(): string {
  return randomBytes(24).toString("base64url");
}

/** A short public identifier (not a secret). */
export function newId(prefix: string): string {
  return `${prefix}${randomBytes(6).toString("base64url")}`;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("base64url");
}

/** Compares a presented secret with a stored digest in constant time. */
export function secretMatches(secret: string, digest: string): boolean {
  const a = Buffer.from(hashSecret(secret));
  const b = Buffer.from(digest);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A join code: each character drawn independently and uniformly from the alphabet (randomInt rejects
 * modulo bias), so one code says nothing about another.
 */
export function newJoinCode(): string {
  let code = "";
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}
