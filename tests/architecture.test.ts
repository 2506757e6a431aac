import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The architecture as a rule the test command checks (DESIGN.md, "Three layers, one direction of
 * imports"): `shared/` is pure (no clock, no randomness, no timers, no I/O, no framework), never imports
 * `server/` or `client/`, and the engine (`shared/sim/`) imports nothing from the rest of `shared/`.
 */
const ROOT = process.cwd();

/** Blanks comments (and, with `strings`, string and template literal contents) keeping line breaks. */
function stripSource(source: string, strings: boolean): string {
  let out = "";
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      while (i < n && source[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < n && source[j] !== c) {
        if (source[j] === "\\") j++;
        j++;
      }
      const literal = source.slice(i, j + 1);
      out += strings ? c + literal.slice(1, -1).replace(/[^\n]/g, " ") + c : literal;
      i = j + 1;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

const IMPORT =
  /(?:\bimport|\bexport)\s*(?:type\s+)?(?:[^"'`;]*?\bfrom\s*)?["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']/g;

function importsOf(source: string): string[] {
  const code = stripSource(source, false);
  return [...code.matchAll(IMPORT)].map((m) => (m[1] ?? m[2]) as string);
}

const IMPURE: [RegExp, string][] = [
  [/\bDate\s*\.\s*now\s*\(/, "Date.now() reads the clock"],
  [/\bnew\s+Date\s*\(\s*\)/, "new Date() reads the clock"],
  [/(?<!\bnew\s+)(?<![\w.$])Date\s*\(\s*\)/, "Date() reads the clock"],
  [/\bperformance\s*\.\s*now\s*\(/, "performance.now() reads the clock"],
  [/\bMath\s*\.\s*random\s*\(/, "Math.random() is not the seeded PRNG"],
  [/\b(?:setTimeout|setInterval|setImmediate)\b/, "timers run on the wall clock"],
];

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const FRAMEWORKS = [/^@colyseus\//, /^colyseus(?:\.js)?$/, /^phaser$/];

/** The rules a file under shared/ breaks (file: its path relative to the repository). */
function violations(file: string, source: string): string[] {
  const problems: string[] = [];
  const code = stripSource(source, true);
  for (const [pattern, why] of IMPURE) if (pattern.test(code)) problems.push(`${file}: ${why}`);
  for (const specifier of importsOf(source)) {
    if (specifier.startsWith(".")) {
      const target = relative(ROOT, resolve(ROOT, dirname(file), specifier))
        .split("\\")
        .join("/");
      if (target.startsWith("server/") || target.startsWith("client/")) {
        problems.push(`${file}: imports ${specifier}: shared/ never imports server/ or client/`);
      } else if (!target.startsWith("shared/")) {
        problems.push(`${file}: imports ${specifier}: outside shared/`);
      } else if (file.startsWith("shared/sim/") && !target.startsWith("shared/sim/")) {
        problems.push(`${file}: imports ${specifier}: the engine imports nothing else in shared/`);
      }
    } else if (NODE_BUILTINS.has(specifier) || specifier.startsWith("node:")) {
      problems.push(`${file}: imports ${specifier}: no I/O in shared/`);
    } else if (FRAMEWORKS.some((f) => f.test(specifier))) {
      problems.push(`${file}: imports ${specifier}: no framework in shared/`);
    }
  }
  return problems;
}

function sourcesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...sourcesUnder(path));
    else if (/\.(?:ts|mts|js|mjs)$/.test(entry.name)) files.push(path);
  }
  return files.sort();
}

describe("the architecture", () => {
  it("shared/ is pure, depends on nothing outside it, and the engine on nothing else in shared/", () => {
    const files = sourcesUnder("shared");
    expect(files.length).toBeGreaterThan(100);
    const problems = files.flatMap((file) => violations(file, readFileSync(join(ROOT, file), "utf8")));
    expect(problems).toEqual([]);
  });

  it("the checker catches what it should and not what comments and strings mention", () => {
    const sim = "shared/sim/engine/x.ts";
    expect(violations(sim, "const t = Date.now();")).toHaveLength(1);
    expect(violations(sim, "const d = new Date();")).toHaveLength(1);
    expect(violations(sim, "const d = new Date(0);")).toEqual([]);
    expect(violations(sim, "const r = Math.random();")).toHaveLength(1);
    expect(violations(sim, "setTimeout(() => {}, 1);")).toHaveLength(1);
    expect(violations(sim, "const t = performance.now();")).toHaveLength(1);
    expect(violations(sim, '// Date.now() is not called\nconst s = "Math.random()";')).toEqual([]);
    expect(violations(sim, 'import { readFileSync } from "node:fs";')).toHaveLength(1);
    expect(violations(sim, 'import fs from "fs";')).toHaveLength(1);
    expect(violations(sim, 'import { Room } from "@colyseus/core";')).toHaveLength(1);
    expect(violations(sim, 'import Phaser from "phaser";')).toHaveLength(1);
    expect(violations(sim, 'import type { Scenario } from "../../scenario/load.ts";')).toHaveLength(1);
    expect(violations(sim, 'import { z } from "zod";\nimport { a } from "../model/meta.ts";')).toEqual([]);
    expect(violations("shared/kubectl/x.ts", 'import { a } from "../sim/model/meta.ts";')).toEqual([]);
    expect(violations("shared/kubectl/x.ts", 'import { a } from "../../server/log.ts";')).toHaveLength(1);
    expect(violations("shared/protocol/x.ts", 'export { b } from "../../client/net/api.ts";')).toHaveLength(
      1,
    );
    expect(violations(sim, 'const m = await import("../../protocol/state.ts");')).toHaveLength(1);
  });
});
