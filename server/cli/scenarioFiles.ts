import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { formatScenarioError, loadScenario, type Scenario } from "../../shared/scenario/load.ts";

/** Reads scenario files from disk; on any error prints every one (kubectl style) and exits non-zero. */
export function readScenarioOrExit(paths: string[]): Scenario {
  const sources = [];
  for (const path of paths) {
    try {
      sources.push({ file: basename(path), text: readFileSync(path, "utf8") });
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : String(error);
      process.stderr.write(`error: the path "${path}" does not exist: ${reason}\n`);
      process.exit(1);
    }
  }
  const result = loadScenario(sources);
  if (!result.ok) {
    for (const error of result.errors) process.stderr.write(`error: ${formatScenarioError(error)}\n`);
    process.exit(1);
  }
  for (const note of result.scenario.notSimulated) process.stderr.write(`Warning: ${note}\n`);
  return result.scenario;
}
