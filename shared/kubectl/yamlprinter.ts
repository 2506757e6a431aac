import { stringify } from "yaml";

/**
 * `-o yaml` written directly, byte for byte what `yaml`'s stringify (YAML 1.1, sequences at their
 * parent's indentation, no line folding) writes for the plain JSON kubectl prints, about ten times
 * faster: the `yaml` library builds a document tree first, ~0.2 ms per KB here, which made `-o yaml`
 * of a few hundred objects hold the event loop every class shares for a good part of a second.
 *
 * Strings are where YAML is subtle (what YAML 1.1 would read as a bool, a number or a date must be
 * quoted, and so must indicators). Strings of the shapes Kubernetes objects are full of (names,
 * labels, images, UIDs, IPs) are decided here by rules checked against the library
 * (tests/kubectl/yamlprinter.test.ts); any other string is rendered by the library itself, once
 * (remembered); a string with a line break, a key of any unusual shape, or an array directly inside an
 * array makes the whole value go to the library.
 */
const OPTIONS = { indentSeq: false, lineWidth: 0, version: "1.1" } as const;

/** Words YAML 1.1 reads as booleans or null: quoted when they are strings. */
const YAML11_WORDS =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;
/** A letter-first string YAML 1.1 reads as a float ("e0", "E-5": the mantissa is optional there). */
const YAML11_EXPONENT = /^[eE]-?[0-9]+$/;
/** Starts with a letter, then letters, digits and . / _ - only: plain unless a YAML 1.1 word. */
const WORDLIKE = /^[A-Za-z][A-Za-z0-9./_-]*$/;
/** Like WORDLIKE with `:` and `@` inside (images, digests, container IDs, URLs), not at the end. */
const COLONED = /^[A-Za-z][A-Za-z0-9./_@:-]*[A-Za-z0-9./_-]$/;
/** A dotted quad: YAML reads no number in it. */
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** A UID (8-4-4-4-12 hex): plain even when it starts with a digit. */
const UID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Digits only (a resourceVersion, a port as text): YAML would read a number, so double-quoted. */
const DIGITS = /^[0-9]+$/;
/** RFC 3339 UTC, as kubectl prints times: YAML 1.1 would read a timestamp, so double-quoted. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
/** A key printed as it is. */
const PLAIN_KEY = /^[A-Za-z][A-Za-z0-9./_-]*$/;

/** Strings rendered by the library, remembered (kubectl prints the same values again and again). */
const rendered = new Map<string, string>();
const REMEMBERED = 20_000;

class NotFast extends Error {}

function scalarString(s: string): string {
  if (WORDLIKE.test(s)) return YAML11_WORDS.test(s) || YAML11_EXPONENT.test(s) ? `"${s}"` : s;
  if (DIGITS.test(s) || TIMESTAMP.test(s)) return `"${s}"`;
  if (COLONED.test(s) || IPV4.test(s) || UID.test(s)) return s;
  if (s.includes("\n") || s.includes("\r")) throw new NotFast();
  let text = rendered.get(s);
  if (text === undefined) {
    text = stringify(s, OPTIONS).replace(/\n$/, "");
    if (text.includes("\n")) throw new NotFast();
    if (rendered.size >= REMEMBERED) rendered.clear();
    rendered.set(s, text);
  }
  return text;
}

function scalar(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return scalarString(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (Number.isNaN(value)) return ".nan";
      if (value === Number.POSITIVE_INFINITY) return ".inf";
      if (value === Number.NEGATIVE_INFINITY) return "-.inf";
      return Object.is(value, -0) ? "-0" : String(value);
    default:
      throw new NotFast();
  }
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

function key(k: string): string {
  if (!PLAIN_KEY.test(k) || YAML11_WORDS.test(k) || YAML11_EXPONENT.test(k)) throw new NotFast();
  return k;
}

/** Entries of a map whose first line continues a line already started (`- ` of a list item). */
function writeMap(out: string[], map: Record<string, unknown>, indent: string, first: boolean): void {
  let continuing = first;
  for (const k of Object.keys(map)) {
    const v = map[k];
    if (v === undefined) continue;
    const head = `${continuing ? "" : indent}${key(k)}:`;
    continuing = false;
    writeValue(out, head, v, indent, true);
  }
}

/** `head` is the line so far (`key:` or `-`); the value goes after it or on the lines below. */
function writeValue(out: string[], head: string, v: unknown, indent: string, inMap: boolean): void {
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push(`${head} []\n`);
      return;
    }
    if (!inMap) throw new NotFast();
    out.push(`${head}\n`);
    writeList(out, v, indent);
  } else if (isMap(v)) {
    if (Object.keys(v).every((k) => v[k] === undefined)) {
      out.push(`${head} {}\n`);
      return;
    }
    if (inMap) {
      out.push(`${head}\n`);
      writeMap(out, v, `${indent}  `, false);
    } else {
      out.push(`${head} `);
      writeMap(out, v, `${indent}  `, true);
    }
  } else {
    out.push(`${head} ${scalar(v)}\n`);
  }
}

/** Items at the parent's indentation (indentSeq: false). */
function writeList(out: string[], list: unknown[], indent: string): void {
  for (const item of list) writeValue(out, `${indent}-`, item === undefined ? null : item, indent, false);
}

/**
 * The YAML of a JSON value (keys already in the order to print), or undefined when it holds something
 * this printer leaves to the library.
 */
export function fastYaml(value: unknown): string | undefined {
  const out: string[] = [];
  try {
    if (isMap(value)) {
      if (Object.keys(value).every((k) => value[k] === undefined)) return "{}\n";
      writeMap(out, value, "", false);
    } else if (Array.isArray(value)) {
      if (value.length === 0) return "[]\n";
      writeList(out, value, "");
    } else {
      return `${scalar(value)}\n`;
    }
  } catch (error) {
    if (error instanceof NotFast) return undefined;
    throw error;
  }
  return out.join("");
}
