/**
 * Label selectors as `-l/--selector` takes them (apimachinery labels.Parse): requirements joined by
 * commas; `key=value`, `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`, `key`, `!key`,
 * `key>n`, `key<n`. A missing label fails `=`/`in` and passes `!=`/`notin`, as upstream.
 */
export type Requirement =
  | { key: string; op: "=" | "!="; value: string }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "exists" | "!" }
  | { key: string; op: "gt" | "lt"; value: number };

export type Selector = Requirement[];

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
  const selector: Selector = [];
  let i = 0;
  const peek = () => tokens[i];
  const fail = (expected: string) => ({
    ok: false as const,
    message: `unable to parse requirement: found '${peek()?.text ?? ""}', expected: ${expected}`,
  });
  if (tokens.length === 0) return { ok: true, selector };
  for (;;) {
    let token = peek();
    if (token?.kind === "op" && token.text === "!") {
      i++;
      token = peek();
      if (token?.kind !== "id") return fail("identifier");
      i++;
      selector.push({ key: token.text, op: "!" });
    } else if (token?.kind === "id") {
      const key = token.text;
      i++;
      const op = peek();
      if (!op || (op.kind === "op" && op.text === ",")) selector.push({ key, op: "exists" });
      else if (op.kind === "op" && ["=", "==", "!="].includes(op.text)) {
        i++;
        const value = peek();
        if (value?.kind === "id") i++;
        else if (value && !(value.kind === "op" && value.text === ",")) return fail("identifier");
        selector.push({
          key,
          op: op.text === "!=" ? "!=" : "=",
          value: value?.kind === "id" ? value.text : "",
        });
      } else if (op.kind === "op" && (op.text === ">" || op.text === "<")) {
        i++;
        const value = peek();
        if (value?.kind !== "id" || !/^-?\d+$/.test(value.text)) return fail("integer");
        i++;
        selector.push({ key, op: op.text === ">" ? "gt" : "lt", value: Number(value.text) });
      } else if (op.kind === "id" && (op.text === "in" || op.text === "notin")) {
        i++;
        if (peek()?.text !== "(") return fail("'('");
        i++;
        const values: string[] = [];
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
        selector.push({ key, op: op.text, values });
      } else return fail("'=', '!=', '==', 'in', notin'");
    } else return fail("!, identifier");
    const next = peek();
    if (!next) break;
    if (next.text !== ",") return fail("','");
    i++;
  }
  return { ok: true, selector };
}

export function matches(selector: Selector, labels: Record<string, string>): boolean {
  for (const r of selector) {
    const has = Object.hasOwn(labels, r.key);
    const value = labels[r.key];
    switch (r.op) {
      case "=":
        if (value !== r.value) return false;
        break;
      case "!=":
        if (has && value === r.value) return false;
        break;
      case "in":
        if (!has || !r.values.includes(value as string)) return false;
        break;
      case "notin":
        if (has && r.values.includes(value as string)) return false;
        break;
      case "exists":
        if (!has) return false;
        break;
      case "!":
        if (has) return false;
        break;
      case "gt":
      case "lt": {
        if (!has || !/^-?\d+$/.test(value as string)) return false;
        const n = Number(value);
        if (r.op === "gt" ? n <= r.value : n >= r.value) return false;
        break;
      }
    }
  }
  return true;
}
