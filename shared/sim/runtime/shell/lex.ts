/**
 * The tokens of a POSIX shell script (the subset containers use in `sh -c`): words keep their quotes
 * and expansions as written, to be expanded when the command runs; operators and redirections are
 * tokens of their own. A `#` at the start of a word comments out the rest of the line.
 */
export type Token =
  | { type: "word"; text: string }
  | { type: "op"; op: Operator }
  | { type: "redir"; op: ">" | ">>" | "<" | ">&" | "&>"; fd?: number }
  | { type: "newline" };

export type Operator = ";" | "&" | "&&" | "||" | "|" | "(" | ")" | ";;";

export class ShellSyntaxError extends Error {}

const META = new Set([" ", "\t", "\n", ";", "&", "|", "(", ")", "<", ">"]);

/** Reads a balanced `$( ... )` or `$(( ... ))` starting at `i` (at the "$"); returns the end index. */
function skipParens(src: string, i: number): number {
  let depth = 0;
  for (let j = i + 1; j < src.length; j++) {
    const c = src[j];
    if (c === "\\") j++;
    else if (c === "'") j = src.indexOf("'", j + 1);
    else if (c === '"') j = skipDouble(src, j);
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return j;
    if (j < 0) break;
  }
  throw new ShellSyntaxError("unterminated $(");
}

/** Returns the index of the closing quote of a "..." string starting at `i`. */
function skipDouble(src: string, i: number): number {
  for (let j = i + 1; j < src.length; j++) {
    const c = src[j];
    if (c === "\\") j++;
    else if (c === '"') return j;
    else if (c === "$" && src[j + 1] === "(") j = skipParens(src, j);
    else if (c === "`") j = src.indexOf("`", j + 1);
    if (j < 0) break;
  }
  throw new ShellSyntaxError("unterminated quoted string");
}

function readWord(src: string, start: number): number {
  let i = start;
  while (i < src.length && !META.has(src[i] as string)) {
    const c = src[i];
    if (c === "\\") i += 2;
    else if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError("unterminated quoted string");
      i = end + 1;
    } else if (c === '"') i = skipDouble(src, i) + 1;
    else if (c === "`") {
      const end = src.indexOf("`", i + 1);
      if (end < 0) throw new ShellSyntaxError("unterminated `");
      i = end + 1;
    } else if (c === "$" && src[i + 1] === "(") i = skipParens(src, i) + 1;
    else if (c === "$" && src[i + 1] === "{") {
      const end = src.indexOf("}", i + 2);
      if (end < 0) throw new ShellSyntaxError("bad substitution");
      i = end + 1;
    } else i++;
  }
  return i;
}

export function lex(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    const two = src.slice(i, i + 2);
    if (c === " " || c === "\t" || two === "\\\n") {
      i += c === "\\" ? 2 : 1;
    } else if (c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "\n") {
      tokens.push({ type: "newline" });
      i++;
    } else if (two === "&&" || two === "||" || two === ";;") {
      tokens.push({ type: "op", op: two });
      i += 2;
    } else if (two === "&>") {
      tokens.push({ type: "redir", op: "&>" });
      i += 2;
    } else if (c === ";" || c === "&" || c === "|" || c === "(" || c === ")") {
      tokens.push({ type: "op", op: c });
      i++;
    } else if (c === ">" || c === "<") {
      i = redirection(src, i, undefined, tokens);
    } else {
      const end = readWord(src, i);
      const text = src.slice(i, end);
      if (/^\d$/.test(text) && (src[end] === ">" || src[end] === "<")) {
        i = redirection(src, end, Number(text), tokens);
      } else {
        tokens.push({ type: "word", text });
        i = end;
      }
    }
  }
  return tokens;
}

function redirection(src: string, i: number, fd: number | undefined, tokens: Token[]): number {
  const op =
    src.slice(i, i + 2) === ">>" ? ">>" : src.slice(i, i + 2) === ">&" ? ">&" : (src[i] as ">" | "<");
  tokens.push(fd === undefined ? { type: "redir", op } : { type: "redir", op, fd });
  return i + op.length;
}
