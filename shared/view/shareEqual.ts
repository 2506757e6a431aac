/**
 * `next` with every part equal to `previous`'s replaced by `previous`'s own object (and `previous` itself
 * when all of it is equal): structural sharing between two views of one thing. A target that skips what
 * it was handed before (the room's writeView) then skips an unchanged node's machine, or the steps of
 * its pods that did not change, at the cost of comparing plain objects. Views are plain data (objects,
 * arrays, Maps, Sets of primitives) and never changed once handed over, so sharing is safe.
 */
export function shareEqual<T>(previous: T | undefined, next: T): T {
  if (previous === undefined || previous === next) return next;
  if (typeof next !== "object" || next === null || typeof previous !== "object" || previous === null)
    return next;
  if (next instanceof Map) return (previous instanceof Map ? shareMap(previous, next) : next) as T;
  if (next instanceof Set) return (previous instanceof Set && sameSet(previous, next) ? previous : next) as T;
  if (Array.isArray(next)) return (Array.isArray(previous) ? shareArray(previous, next) : next) as T;
  return shareObject(previous as Record<string, unknown>, next as Record<string, unknown>) as T;
}

function shareMap<K, V>(previous: Map<K, V>, next: Map<K, V>): Map<K, V> {
  let same = previous.size === next.size;
  let out: Map<K, V> | undefined;
  for (const [key, value] of next) {
    const before = previous.get(key);
    const shared = before === undefined ? value : shareEqual(before, value);
    if (shared !== before) same = false;
    if (shared !== value) {
      out ??= new Map(next);
      out.set(key, shared);
    }
  }
  return same ? previous : (out ?? next);
}

function sameSet<V>(previous: Set<V>, next: Set<V>): boolean {
  if (previous.size !== next.size) return false;
  for (const value of next) if (!previous.has(value)) return false;
  return true;
}

function shareArray<V>(previous: readonly V[], next: V[]): V[] {
  let same = previous.length === next.length;
  let out: V[] | undefined;
  for (let i = 0; i < next.length; i++) {
    const value = next[i] as V;
    const shared = i < previous.length ? shareEqual(previous[i], value) : value;
    if (shared !== previous[i]) same = false;
    if (shared !== value) {
      out ??= next.slice();
      out[i] = shared;
    }
  }
  return same ? (previous as V[]) : (out ?? next);
}

function shareObject(
  previous: Record<string, unknown>,
  next: Record<string, unknown>,
): Record<string, unknown> {
  let same = true;
  let keys = 0;
  let out: Record<string, unknown> | undefined;
  for (const key in next) {
    keys++;
    const value = next[key];
    const before = previous[key];
    const shared = shareEqual(before, value);
    if (shared !== before) same = false;
    if (shared !== value) {
      out ??= { ...next };
      out[key] = shared;
    }
  }
  if (same) {
    let previousKeys = 0;
    for (const _ in previous) previousKeys++;
    same = previousKeys === keys;
  }
  return same ? previous : (out ?? next);
}
