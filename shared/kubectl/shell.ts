/**
 * The console line as a POSIX shell would split it: words separated by blanks, single quotes literal,
 * double quotes with backslash escapes, a backslash escaping the next character. Operators (pipes,
 * redirections, `;`, `&&`) are reported rather than run: the console has no shell behind it.
 */
export type Tokenized =
  | { ok: true; words: string[]; trailingSpace: boolean }
  | { ok: false; message: string };

const OPERATORS = new Set(["|", "||", "&", "&&", ";", ">", ">>", "<"]);

export function tokenize(line: string): Tokenized {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let operator = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, message: "unexpected EOF while looking for matching `''" };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        const d = line[j] as string;
        if (d === "\\" && j + 1 < line.length && '"\\$`'.includes(line[j + 1] as string)) {
          word += line[j + 1];
          j++;
        } else word += d;
      }
      if (j >= line.length) return { ok: false, message: "unexpected EOF while looking for matching `\"'" };
      inWord = true;
      i = j;
    } else if (c === "\\") {
      if (i + 1 < line.length) word += line[++i];
      inWord = true;
    } else if (c === " " || c === "\t" || c === "\n") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else if ("|&;<>".includes(c)) {
      operator = c + (line[i + 1] === c ? c : "");
      break;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (operator && OPERATORS.has(operator)) {
    return {
      ok: false,
      message: `this console runs kubectl only: the shell operator "${operator}" is not supported`,
    };
  }
  if (inWord) words.push(word);
  const last = line[line.length - 1];
  return { ok: true, words, trailingSpace: last === " " || last === "\t" };
}
