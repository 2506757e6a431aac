/**
 * Brace expansion for catalogue tags, as a shell does it: "1.15.{0..3}" is 1.15.0 1.15.1 1.15.2
 * 1.15.3, "{a,b}-alpine" is a-alpine b-alpine. It keeps long release series readable in the data file.
 */
const BRACES = /\{([^{}]*)\}/;
const MAX_EXPANSION = 1000;

export function expandBraces(pattern: string): string[] {
  const match = BRACES.exec(pattern);
  if (!match) return [pattern];
  const body = match[1] ?? "";
  const before = pattern.slice(0, match.index);
  const after = pattern.slice(match.index + match[0].length);
  const range = /^(\d+)\.\.(\d+)$/.exec(body);
  let items: string[];
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    if (to < from || to - from > MAX_EXPANSION) throw new Error(`bad range {${body}} in "${pattern}"`);
    items = Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
  } else {
    items = body.split(",");
  }
  return items.flatMap((item) => expandBraces(`${before}${item}${after}`));
}
