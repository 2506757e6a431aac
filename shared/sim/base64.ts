/**
 * Standard base64 (RFC 4648, with padding), as Go's encoding/base64.StdEncoding reads and writes Secret
 * data: decode reports the first bad byte in Go's words ("illegal base64 data at input byte 4").
 */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

export function encodeBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    out += ALPHABET[(n >> 18) & 63];
    out += ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : "=";
    out += i + 2 < bytes.length ? ALPHABET[n & 63] : "=";
  }
  return out;
}

/** The decoded text, or Go's error for the first byte that is not base64. */
export function decodeBase64(text: string): { ok: true; text: string } | { ok: false; error: string } {
  const clean = text.replace(/[\r\n]/g, "");
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (let i = 0; i < clean.length; i++) {
    const ch = clean[i] as string;
    if (ch === "=") {
      if (clean.length % 4 !== 0 || i < clean.length - 2 || (i === clean.length - 2 && clean[i + 1] !== "="))
        return { ok: false, error: `illegal base64 data at input byte ${i}` };
      break;
    }
    const v = INDEX.get(ch);
    if (v === undefined) return { ok: false, error: `illegal base64 data at input byte ${i}` };
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >> bits) & 255);
    }
  }
  if (clean.length % 4 !== 0 && !clean.includes("="))
    return { ok: false, error: `illegal base64 data at input byte ${clean.length - (clean.length % 4)}` };
  return { ok: true, text: new TextDecoder().decode(new Uint8Array(bytes)) };
}
