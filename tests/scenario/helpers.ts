import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  formatScenarioError,
  type LoadOptions,
  loadScenario,
  type Scenario,
  type ScenarioError,
  type ScenarioSource,
} from "../../shared/scenario/load.ts";

export const FIXTURES = join(import.meta.dirname, "fixtures");

/** Every YAML file of a fixture folder, sorted by name, as the server would list them. */
export function fixture(dir: string): ScenarioSource[] {
  const path = join(FIXTURES, dir);
  return readdirSync(path)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(path, file), "utf8") }));
}

export function loadOk(sources: ScenarioSource[], options?: LoadOptions): Scenario {
  const result = loadScenario(sources, options);
  if (!result.ok)
    throw new Error(`expected the scenario to load:\n${result.errors.map(formatScenarioError).join("\n")}`);
  return result.scenario;
}

export function loadErrors(sources: ScenarioSource[], options?: LoadOptions): ScenarioError[] {
  const result = loadScenario(sources, options);
  if (result.ok) throw new Error("expected the scenario to fail");
  return result.errors;
}

/** A one-file scenario from YAML text (leading newline dropped, so line numbers read naturally). */
export function source(text: string, file = "test.yaml"): ScenarioSource {
  return { file, text: text.replace(/^\n/, "") };
}

export const SCENARIO_HEAD = `apiVersion: kubeclass.dev/v1
kind: Scenario
metadata:
  name: test
`;
