import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { kubectl } from "../../shared/kubectl/kubectl.ts";
import { sortKeys } from "../../shared/kubectl/output.ts";
import { fastYaml } from "../../shared/kubectl/yamlprinter.ts";
import { loadScenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";

/** The library the direct printer must match, with kubectl's options. */
const library = (value: unknown) => stringify(value, { indentSeq: false, lineWidth: 0, version: "1.1" });

/** Strings of the shapes the printer decides itself, and of every shape it must hand over. */
const pieces = [
  "a",
  "web",
  "kube-system",
  "nginx",
  "1",
  "0",
  "9",
  "12",
  ".",
  "/",
  "_",
  "-",
  ":",
  "@",
  "#",
  " ",
  "'",
  '"',
  "e",
  "x",
  "y",
  "Y",
  "n",
  "on",
  "Off",
  "yes",
  "NO",
  "true",
  "False",
  "null",
  "NaN",
  "inf",
  "T",
  "Z",
  "0x",
  "10.0.0.5",
  "2025-01-01T00:00:03Z",
  "nginx:1.27",
  "sha256:abc",
  "a89faa06-1730-45f4-a85d-53b08ea7e537",
  "日本",
  "é",
  "\t",
  "!",
  "&",
  "*",
  "%",
  "[",
  "{",
  ",",
  "?",
  "|",
  ">",
  "=",
  "~",
  "\\",
];
const text = fc.oneof(
  fc.constantFrom(...pieces),
  fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 4 }).map((parts) => parts.join("")),
  fc.string({ maxLength: 12 }),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(
      fc.oneof(fc.constantFrom("a", "b.c/d", "metadata", "x_y-z", "1", "a b", "on"), text),
      tie("value"),
      {
        maxKeys: 4,
      },
    ),
  ),
})).value;

describe("the direct YAML printer", () => {
  it("writes what the library writes, or hands the value over", () => {
    let fast = 0;
    fc.assert(
      fc.property(json, (value) => {
        const sorted = sortKeys(value);
        const direct = fastYaml(sorted);
        if (direct !== undefined) {
          fast++;
          expect(direct).toBe(library(sorted));
        }
      }),
      { numRuns: 3000 },
    );
    // most values are printed directly
    expect(fast).toBeGreaterThan(1000);
  });

  it("prints every object of every built-in scenario as the library does", () => {
    const dir = join(import.meta.dirname, "../../scenarios");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
      const loaded = loadScenario([{ file, text: readFileSync(join(dir, file), "utf8") }]);
      if (!loaded.ok) throw new Error(file);
      const engine = createEngine(loaded.scenario);
      for (let t = 0; t < 600; t++) engine.tick();
      for (const kind of [
        "pods",
        "nodes",
        "deployments",
        "replicasets",
        "services",
        "endpoints",
        "events",
        "leases",
        "namespaces",
      ]) {
        const { stdout } = kubectl(engine, `get ${kind} -A -o yaml`);
        const { stdout: asJson } = kubectl(engine, `get ${kind} -A -o json`);
        // the API may be down in this scenario at this moment: nothing to print
        if (!asJson) continue;
        expect(stdout, `${file} ${kind}`).toBe(library(sortKeys(JSON.parse(asJson))));
        expect(fastYaml(sortKeys(JSON.parse(asJson))), `${file} ${kind} printed directly`).toBe(stdout);
      }
    }
  });
});
