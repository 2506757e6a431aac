import { stateHash } from "../hash.ts";

/** A UUID-shaped uid, derived from the seed and a counter: unique, stable across replays. */
export function makeUid(seed: number, seq: number): string {
  const a = stateHash(`uid:${seed}:${seq}`);
  const b = stateHash(`uid:${seq}:${seed}`);
  return `${a.slice(0, 8)}-${a.slice(8, 12)}-4${a.slice(13, 16)}-a${b.slice(1, 4)}-${b.slice(4, 16)}`;
}

/** Pod name suffixes the way Kubernetes generates them: five characters from an alphabet without vowels. */
const SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

export function nameSuffix(value: number, length = 5): string {
  let out = "";
  let v = value >>> 0;
  for (let i = 0; i < length; i++) {
    out += SUFFIX_ALPHABET[v % SUFFIX_ALPHABET.length];
    v = Math.floor(v / SUFFIX_ALPHABET.length);
  }
  return out;
}
