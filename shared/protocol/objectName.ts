/**
 * An object's name as it travels: the part up to its last dash is a word many names share (a
 * ReplicaSet's `web-7d4b9c-`, a StatefulSet's `db-`, a node group's `worker-`), sent once through the
 * dictionary; the rest (`x2x9z`, `0`) as text. A name without a dash travels whole, as text.
 */
export interface NameWire {
  namePrefixWord: number;
  name: string;
}

/** `prefixWord` gives the prefix's index in the dictionary, or 0 when it takes no more (the name goes whole). */
export function nameWire(name: string, prefixWord: (text: string) => number): NameWire {
  const dash = name.lastIndexOf("-");
  const word = dash > 0 ? prefixWord(name.slice(0, dash + 1)) : 0;
  return word > 0 ? { namePrefixWord: word, name: name.slice(dash + 1) } : { namePrefixWord: 0, name };
}

export function nameOf(prefix: string, rest: string | undefined): string {
  return prefix + (rest ?? "");
}

/**
 * A received object's `name` read whole: its prefix's word and the text the wire holds (a later write of
 * the text, as a re-sent state makes, keeps working).
 */
export function receiveName(item: NameWire, prefix: () => string): void {
  let rest = item.name;
  Object.defineProperty(item, "name", {
    get: () => prefix() + (rest ?? ""),
    set: (value: string) => {
      rest = value;
    },
    enumerable: true,
    configurable: true,
  });
}
