import { newRequirement, type Operator, type Requirement, type Selector } from "../sim/labels/selector.ts";

/**
 * Label selectors as `-l/--selector` takes them (apimachinery labels.Parse): requirements joined by
 * commas; `key=value`, `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`, `key`, `!key`,
 * `key>n`, `key<n`. Matching is the engine's one selector module (shared/sim/labels), so `-l` selects
 * exactly what a controller's selector would.
 */
export { matches } from "../sim/labels/selector.ts";
export type { Requirement, Selector };

type Token = { kind: "id" | "op"; text: string };

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    const two = input.slice(i, i + 2);
    if (two === "==" || two === "!=") {
      tokens.push({ kind: "op", text: two });
      i += 2;
    } else if ("=!(),<>".includes(c)) {
      tokens.push({ kind: "op", text: c });
      i++;
    } else {
      let j = i;
      while (j < input.length && !" \t=!(),<>".includes(input[j] as string)) j++;
      tokens.push({ kind: "id", text: input.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

export function parseSelector(
  input: string,
): { ok: true; selector: Selector } | { ok: false; message: string } {
  const tokens = lex(input);
  const selector: Requirement[] = [];
  let i = 0;
  const peek = () => tokens[i];
  const fail = (expected: string) => ({
    ok: false as const,
    message: `unable to parse requirement: found '${peek()?.text ?? ""}', expected: ${expected}`,
  });
  let problem: string | undefined;
  const add = (key: string, operator: Operator, values: string[]) => {
    const made = newRequirement(key, operator, values);
    if (made.ok) selector.push(made.requirement);
    else problem ??= made.message;
  };
  if (tokens.length === 0) return { ok: true, selector };
  for (;;) {
    let token = peek();
    if (token?.kind === "op" && token.text === "!") {
      i++;
      token = peek();
      if (token?.kind !== "id") return fail("identifier");
      i++;
      add(token.text, "!", []);
    } else if (token?.kind === "id") {
      const key = token.text;
      i++;
      const op = peek();
      if (!op || (op.kind === "op" && op.text === ",")) add(key, "exists", []);
      else if (op.kind === "op" && ["=", "==", "!="].includes(op.text)) {
        i++;
        const value = peek();
        if (value?.kind === "id") i++;
        else if (value && !(value.kind === "op" && value.text === ",")) return fail("identifier");
        add(key, op.text === "==" ? "==" : op.text === "!=" ? "!=" : "=", [
          value?.kind === "id" ? value.text : "",
        ]);
      } else if (op.kind === "op" && (op.text === ">" || op.text === "<")) {
        i++;
        const value = peek();
        if (value?.kind !== "id" || !/^-?\d+$/.test(value.text)) return fail("integer");
        i++;
        add(key, op.text === ">" ? "gt" : "lt", [value.text]);
      } else if (op.kind === "id" && (op.text === "in" || op.text === "notin")) {
        i++;
        if (peek()?.text !== "(") return fail("'('");
        i++;
        const values: string[] = [];
        // "()" is the set of the empty string, as upstream's parseValues reads it
        if (peek()?.text === ")") values.push("");
        for (;;) {
          const v = peek();
          if (v?.kind === "id") {
            values.push(v.text);
            i++;
          } else if (v?.text === ",") {
            values.push("");
          }
          const sep = peek();
          if (sep?.text === ",") {
            i++;
            continue;
          }
          if (sep?.text === ")") {
            i++;
            break;
          }
          return fail("',', ')'");
        }
        add(key, op.text === "in" ? "in" : "notin", values);
      } else return fail("'=', '!=', '==', 'in', notin'");
    } else return fail("!, identifier");
    const next = peek();
    if (!next) break;
    if (next.text !== ",") return fail("','");
    i++;
  }
  return problem === undefined ? { ok: true, selector } : { ok: false, message: problem };
}
