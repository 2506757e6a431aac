/**
 * A 64-bit hash (two 32-bit FNV-1a lanes) of a JSON-shaped value, walked with sorted keys so that
 * equal states hash equally whatever order their objects were built in. Used to prove determinism and
 * to check replays against recorded states.
 */
export function stateHash(value: unknown): string {
  const h = { a: 0x811c9dc5, b: 0x01000193 ^ 0x5bd1e995 };
  feed(h, value);
  return (h.a >>> 0).toString(16).padStart(8, "0") + (h.b >>> 0).toString(16).padStart(8, "0");
}

interface Lanes {
  a: number;
  b: number;
}

function feedString(h: Lanes, text: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h.a = Math.imul(h.a ^ c, 0x01000193);
    h.b = Math.imul(h.b ^ c, 0x5bd1e995);
    h.b ^= h.b >>> 15;
  }
}

function feed(h: Lanes, value: unknown): void {
  if (value === null || value === undefined) {
    feedString(h, "~");
  } else if (typeof value === "number") {
    feedString(h, `#${value}`);
  } else if (typeof value === "string") {
    feedString(h, `"${value.length}:`);
    feedString(h, value);
  } else if (typeof value === "boolean") {
    feedString(h, value ? "T" : "F");
  } else if (Array.isArray(value)) {
    feedString(h, `[${value.length}`);
    for (const item of value) feed(h, item);
  } else if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    feedString(h, `{${keys.length}`);
    for (const key of keys) {
      feedString(h, key);
      feed(h, record[key]);
    }
  }
}
