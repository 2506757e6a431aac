import { ShellSyntaxError } from "./lex.ts";

/**
 * Word expansion as a POSIX shell does it when a command runs: parameters ($VAR, ${VAR:-default},
 * $?, $#, $@), arithmetic ($((i+1))), command substitution ($(date), `hostname`), quote removal, and
 * field splitting of unquoted expansions. No globbing: a pattern stays as written, as when nothing
 * matches.
 */
export interface Expander {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  /** $@ / $* fields. */
  positional(): string[];
  /** Runs a script and returns its standard output. */
  substitute(script: string): string;
}

interface Field {
  text: string;
  /** Came from a quoted context or literal text (not split). */
  quoted: boolean;
  /** Ends the field before it ("$@" gives one field per argument). */
  boundary?: boolean;
}

/** Expands one word into fields. */
export function expandWord(word: string, sh: Expander): string[] {
  const parts = expandParts(word, sh, false);
  const fields: string[] = [];
  let current = "";
  let has = false;
  for (const part of parts) {
    if (part.boundary) {
      fields.push(current);
      current = "";
      has = false;
    }
    if (part.quoted) {
      current += part.text;
      has = true;
      continue;
    }
    const pieces = part.text.split(/[ \t\n]+/);
    pieces.forEach((piece, i) => {
      if (i > 0 && (has || current !== "")) {
        fields.push(current);
        current = "";
        has = false;
      }
      if (piece !== "") {
        current += piece;
        has = true;
      }
    });
  }
  if (has || current !== "") fields.push(current);
  return fields;
}

/** Expands a word without field splitting (assignments, redirection targets, case words). */
export function expandString(word: string, sh: Expander): string {
  return expandParts(word, sh, false)
    .map((p) => p.text)
    .join("");
}

function expandParts(word: string, sh: Expander, inDouble: boolean): Field[] {
  const out: Field[] = [];
  const lit = (text: string, quoted: boolean, boundary = false) => {
    const last = out[out.length - 1];
    if (last && last.quoted === quoted && !boundary) last.text += text;
    else out.push(boundary ? { text, quoted, boundary } : { text, quoted });
  };
  let i = 0;
  while (i < word.length) {
    const c = word[i] as string;
    if (c === "\\") {
      const next = word[i + 1] ?? "";
      if (inDouble && !'$`"\\\n'.includes(next)) lit(`\\${next}`, true);
      else if (next !== "\n") lit(next, true);
      i += 2;
    } else if (c === "'" && !inDouble) {
      const end = word.indexOf("'", i + 1);
      lit(word.slice(i + 1, end < 0 ? word.length : end), true);
      i = end < 0 ? word.length : end + 1;
    } else if (c === '"' && !inDouble) {
      const end = closingQuote(word, i);
      const inner = expandParts(word.slice(i + 1, end), sh, true);
      for (const part of inner) lit(part.text, true, part.boundary === true);
      if (inner.length === 0) lit("", true);
      i = end + 1;
    } else if (c === "`") {
      const end = word.indexOf("`", i + 1);
      const body = word.slice(i + 1, end < 0 ? word.length : end);
      lit(sh.substitute(body).replace(/\n+$/, ""), inDouble);
      i = end < 0 ? word.length : end + 1;
    } else if (c === "$") {
      const [text, next, quotedAt] = dollar(word, i, sh, inDouble);
      if (quotedAt) {
        text.split("\u0000").forEach((f, k) => {
          lit(f, true, k > 0);
        });
      } else lit(text, inDouble);
      i = next;
    } else {
      lit(c, true);
      i++;
    }
  }
  return out;
}

function closingQuote(word: string, i: number): number {
  for (let j = i + 1; j < word.length; j++) {
    if (word[j] === "\\") j++;
    else if (word[j] === '"') return j;
    else if (word[j] === "$" && word[j + 1] === "(") j = matchingParen(word, j + 1);
  }
  return word.length;
}

function matchingParen(word: string, open: number): number {
  let depth = 0;
  for (let j = open; j < word.length; j++) {
    if (word[j] === "(") depth++;
    else if (word[j] === ")" && --depth === 0) return j;
    else if (word[j] === "'") j = word.indexOf("'", j + 1);
    if (j < 0) break;
  }
  throw new ShellSyntaxError("unterminated $(");
}

/** One `$...` expansion at `i`: its text, where the word continues, and whether it is "$@". */
function dollar(word: string, i: number, sh: Expander, inDouble: boolean): [string, number, boolean] {
  const next = word[i + 1] ?? "";
  if (word.startsWith("$((", i)) {
    const end = matchingParen(word, i + 1);
    const expr = expandString(word.slice(i + 3, end - 1), sh);
    return [String(arithmetic(expr, sh)), end + 1, false];
  }
  if (next === "(") {
    const end = matchingParen(word, i + 1);
    return [sh.substitute(word.slice(i + 2, end)).replace(/\n+$/, ""), end + 1, false];
  }
  if (next === "{") {
    const end = word.indexOf("}", i + 2);
    if (end < 0) throw new ShellSyntaxError("bad substitution");
    return [braced(word.slice(i + 2, end), sh), end + 1, false];
  }
  if (next === "@" || next === "*") {
    const fields = sh.positional();
    return [
      inDouble && next === "@" ? fields.join("\u0000") : fields.join(" "),
      i + 2,
      inDouble && next === "@",
    ];
  }
  if ("?#$!0-".includes(next) || /[1-9]/.test(next)) return [sh.get(next) ?? "", i + 2, false];
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(word.slice(i + 1))?.[0];
  if (!name) return ["$", i + 1, false];
  return [sh.get(name) ?? "", i + 1 + name.length, false];
}

/** ${NAME}, ${NAME:-word}, ${NAME-word}, ${NAME:=word}, ${NAME:+word}, ${#NAME}. */
function braced(body: string, sh: Expander): string {
  if (body.startsWith("#")) return String((sh.get(body.slice(1)) ?? "").length);
  const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9?#$!@*])(:?[-=+?])?(.*)$/s.exec(body);
  if (!m) throw new ShellSyntaxError(`\${${body}}: bad substitution`);
  const [, name = "", op, rest = ""] = m;
  const value = name === "@" || name === "*" ? sh.positional().join(" ") : sh.get(name);
  const empty = op?.startsWith(":") ? !value : value === undefined;
  switch (op?.replace(":", "")) {
    case "-":
      return empty ? expandString(rest, sh) : (value ?? "");
    case "=": {
      if (!empty) return value ?? "";
      const v = expandString(rest, sh);
      sh.set(name, v);
      return v;
    }
    case "+":
      return empty ? "" : expandString(rest, sh);
    case "?":
      if (empty) throw new ShellSyntaxError(`${name}: ${rest || "parameter not set"}`);
      return value ?? "";
    default:
      return value ?? "";
  }
}

/** $(( )) integer arithmetic: + - * / % comparisons, && ||, !, parentheses, variables, i++ and i+=n. */
export function arithmetic(expr: string, sh: Expander): number {
  const tokens =
    expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\+\+|--|[-+*/%]=|==|!=|<=|>=|&&|\|\||[-+*/%()<>!=]/g) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  const take = () => tokens[pos++];
  const value = (name: string) => Number.parseInt(sh.get(name) ?? "0", 10) || 0;
  const primary = (): number => {
    const t = take();
    if (t === undefined) return 0;
    if (t === "(") {
      const v = or();
      take();
      return v;
    }
    if (t === "-") return -primary();
    if (t === "+") return primary();
    if (t === "!") return primary() === 0 ? 1 : 0;
    if (/^\d+$/.test(t)) return Number(t);
    const name = t;
    const op = peek();
    if (op === "++" || op === "--") {
      take();
      const old = value(name);
      sh.set(name, String(old + (op === "++" ? 1 : -1)));
      return old;
    }
    if (op && /^[-+*/%]?=$/.test(op) && op !== "==") {
      take();
      const rhs = or();
      const old = value(name);
      const v = op === "=" ? rhs : binary(op[0] as string, old, rhs);
      sh.set(name, String(v));
      return v;
    }
    return value(name);
  };
  const binary = (op: string, a: number, b: number): number => {
    switch (op) {
      case "+":
        return a + b;
      case "-":
        return a - b;
      case "*":
        return a * b;
      case "/":
        return b === 0 ? 0 : Math.trunc(a / b);
      case "%":
        return b === 0 ? 0 : a % b;
      case "<":
        return a < b ? 1 : 0;
      case ">":
        return a > b ? 1 : 0;
      case "<=":
        return a <= b ? 1 : 0;
      case ">=":
        return a >= b ? 1 : 0;
      case "==":
        return a === b ? 1 : 0;
      case "!=":
        return a !== b ? 1 : 0;
      default:
        return 0;
    }
  };
  const level = (ops: string[], next: () => number) => (): number => {
    let v = next();
    while (ops.includes(peek() ?? "")) v = binary(take() as string, v, next());
    return v;
  };
  const mul = level(["*", "/", "%"], primary);
  const add = level(["+", "-"], mul);
  const cmp = level(["<", ">", "<=", ">="], add);
  const eq = level(["==", "!="], cmp);
  const and = (): number => {
    let v = eq();
    while (peek() === "&&") {
      take();
      const r = eq();
      v = v !== 0 && r !== 0 ? 1 : 0;
    }
    return v;
  };
  function or(): number {
    let v = and();
    while (peek() === "||") {
      take();
      const r = and();
      v = v !== 0 || r !== 0 ? 1 : 0;
    }
    return v;
  }
  return or();
}
