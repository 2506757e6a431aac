import type { ArraySchema, MapSchema } from "@colyseus/schema";

/**
 * Small helpers that change a synced collection only where it differs from the source, so a patch
 * carries real changes only (a schema field set to its current value is already a no-op).
 */
export function syncStringMap(target: MapSchema<string>, source: Record<string, string> | undefined): void {
  const wanted = source ?? {};
  for (const key of [...target.keys()]) {
    if (!Object.hasOwn(wanted, key)) target.delete(key);
  }
  for (const [key, value] of Object.entries(wanted)) {
    if (target.get(key) !== value) target.set(key, value);
  }
}

export function syncStringArray(target: ArraySchema<string>, source: readonly string[]): void {
  let same = target.length === source.length;
  for (let i = 0; same && i < source.length; i++) same = target.at(i) === source[i];
  if (same) return;
  target.splice(0, target.length, ...source);
}

/**
 * Makes `target` hold one entry per key of `keys`: creates missing ones with `create`, updates every one
 * with `update`, deletes the others.
 */
export function syncSchemaMap<S, V>(
  target: MapSchema<S>,
  source: ReadonlyMap<string, V>,
  create: () => S,
  update: (item: S, value: V, key: string) => void,
): void {
  for (const key of [...target.keys()]) {
    if (!source.has(key)) target.delete(key);
  }
  for (const [key, value] of source) {
    let item = target.get(key);
    if (item === undefined) {
      item = create();
      update(item, value, key);
      target.set(key, item);
    } else {
      update(item, value, key);
    }
  }
}

/**
 * Makes `target` hold the strings of `source` as a set (order not kept): removes the ones gone, appends
 * the new ones, so a patch carries the items that came or went (a few bytes each) rather than the whole
 * list again. Only removals and appends: @colyseus/schema decodes a removal and an insertion at the same
 * index in one patch in the wrong order.
 */
export function syncStringSet(target: ArraySchema<string>, source: Iterable<string>): void {
  const wanted = new Set(source);
  for (let i = target.length - 1; i >= 0; i--) {
    if (!wanted.has(target.at(i) as string)) target.splice(i, 1);
  }
  const held = new Set<string>(target);
  for (const item of wanted) {
    if (!held.has(item)) {
      target.push(item);
      held.add(item);
    }
  }
}
