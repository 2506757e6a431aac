/**
 * Join codes: what a teacher writes on the board and students type on a phone. Six characters from an
 * alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V), upper case only; typing is
 * forgiving (case, spaces and dashes are ignored).
 */
export const JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679";
export const JOIN_CODE_LENGTH = 6;

const VALID = new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);

/** "ab3 - k7x" -> "AB3K7X"; the result may still be invalid: check it with isJoinCode. */
export function normalizeJoinCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, "");
}

export function isJoinCode(code: string): boolean {
  return VALID.test(code);
}
