import type { ArraySchema } from "@colyseus/schema";

/**
 * The synced state's dictionary: strings many objects repeat (node names, images, container names), each
 * sent once, append only; an object carries the string's index. Index 0 is "", so an empty string is a
 * zero and, on a new object, not sent at all.
 */
export class Dictionary {
  private readonly words: ArraySchema<string>;
  private readonly indices = new Map<string, number>();
  private prefixes = 0;

  constructor(words: ArraySchema<string>) {
    this.words = words;
    if (words.length === 0) words.push("");
    words.forEach((word, index) => {
      this.indices.set(word, index);
    });
  }

  /** The index of `word`, added when new. */
  indexOf(word: string): number {
    let index = this.indices.get(word);
    if (index === undefined) {
      index = this.words.length;
      this.words.push(word);
      this.indices.set(word, index);
    }
    return index;
  }

  /**
   * The index of a name's prefix (objectName.ts), or 0 once MAX_PREFIXES of them were added: names a
   * student makes up (each refused create is shown) must not grow what every client receives without end.
   */
  prefixIndexOf(word: string): number {
    const index = this.indices.get(word);
    if (index !== undefined) return index;
    if (this.prefixes >= MAX_PREFIXES) return 0;
    this.prefixes++;
    return this.indexOf(word);
  }
}

/** Name prefixes a session's dictionary takes (a few per workload; thousands are a flood). */
export const MAX_PREFIXES = 2_000;
