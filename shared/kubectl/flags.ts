/**
 * Flag parsing as kubectl's cobra/pflag does it: flags anywhere among the arguments, `--name=value`,
 * `--name value`, `-n value`, `-nvalue`, `-o=wide`, grouped boolean shorthands, `--` ending flags, and
 * pflag's own error wording (`unknown flag: --foo`, `flag needs an argument: 'n' in -n` ...).
 */
export type FlagType = "bool" | "string" | "int" | "strings";

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  default?: string | number | boolean;
}

export type FlagValue = string | number | boolean | string[];

export interface ParsedFlags {
  positionals: string[];
  values: Record<string, FlagValue>;
  /** Flags given on the command line (not defaulted). */
  given: Set<string>;
}

export type FlagParse = ({ ok: true } & ParsedFlags) | { ok: false; message: string };

function flagLabel(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
}

function convert(
  spec: FlagSpec,
  raw: string,
): { ok: true; value: FlagValue } | { ok: false; message: string } {
  switch (spec.type) {
    case "bool": {
      const value = (
        { "1": true, t: true, T: true, TRUE: true, true: true, True: true } as Record<string, boolean>
      )[raw];
      const falsy = ["0", "f", "F", "FALSE", "false", "False"].includes(raw);
      if (value === undefined && !falsy) {
        return {
          ok: false,
          message: `invalid argument "${raw}" for "${flagLabel(spec)}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`,
        };
      }
      return { ok: true, value: value === true };
    }
    case "int": {
      if (!/^[+-]?\d+$/.test(raw)) {
        return {
          ok: false,
          message: `invalid argument "${raw}" for "${flagLabel(spec)}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`,
        };
      }
      return { ok: true, value: Number.parseInt(raw, 10) };
    }
    case "strings":
      return { ok: true, value: raw === "" ? [] : raw.split(",") };
    default:
      return { ok: true, value: raw };
  }
}

export function defaults(specs: FlagSpec[]): Record<string, FlagValue> {
  const values: Record<string, FlagValue> = {};
  for (const spec of specs) {
    values[spec.name] =
      spec.default ??
      (spec.type === "bool" ? false : spec.type === "strings" ? [] : spec.type === "int" ? 0 : "");
  }
  return values;
}

export function parseFlags(words: string[], specs: FlagSpec[]): FlagParse {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  const values = defaults(specs);
  const given = new Set<string>();
  const positionals: string[] = [];
  const set = (spec: FlagSpec, raw: string): string | undefined => {
    const converted = convert(spec, raw);
    if (!converted.ok) return converted.message;
    const previous = values[spec.name];
    values[spec.name] =
      spec.type === "strings" && given.has(spec.name) && Array.isArray(previous)
        ? [...previous, ...(converted.value as string[])]
        : converted.value;
    given.add(spec.name);
    return undefined;
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === "--") {
      positionals.push(...words.slice(i + 1));
      break;
    }
    if (word.startsWith("--")) {
      const eq = word.indexOf("=");
      const name = word.slice(2, eq < 0 ? undefined : eq);
      const spec = byName.get(name);
      if (!spec) return { ok: false, message: `unknown flag: --${name}` };
      let raw: string;
      if (eq >= 0) raw = word.slice(eq + 1);
      else if (spec.type === "bool") raw = "true";
      else if (i + 1 < words.length) raw = words[++i] as string;
      else return { ok: false, message: `flag needs an argument: --${name}` };
      const error = set(spec, raw);
      if (error) return { ok: false, message: error };
      continue;
    }
    if (word.startsWith("-") && word.length > 1) {
      const shorts = word.slice(1);
      for (let j = 0; j < shorts.length; j++) {
        const c = shorts[j] as string;
        const spec = byShort.get(c);
        if (!spec) return { ok: false, message: `unknown shorthand flag: '${c}' in -${shorts}` };
        let raw: string;
        if (shorts[j + 1] === "=") {
          raw = shorts.slice(j + 2);
          j = shorts.length;
        } else if (spec.type === "bool") raw = "true";
        else if (j + 1 < shorts.length) {
          raw = shorts.slice(j + 1);
          j = shorts.length;
        } else if (i + 1 < words.length) raw = words[++i] as string;
        else return { ok: false, message: `flag needs an argument: '${c}' in -${shorts}` };
        const error = set(spec, raw);
        if (error) return { ok: false, message: error };
      }
      continue;
    }
    positionals.push(word);
  }
  return { ok: true, positionals, values, given };
}

export function str(values: Record<string, FlagValue>, name: string): string {
  const v = values[name];
  return typeof v === "string" ? v : "";
}

export function bool(values: Record<string, FlagValue>, name: string): boolean {
  return values[name] === true;
}

export function int(values: Record<string, FlagValue>, name: string): number {
  const v = values[name];
  return typeof v === "number" ? v : 0;
}

export function list(values: Record<string, FlagValue>, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : [];
}
