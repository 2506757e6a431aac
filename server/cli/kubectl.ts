import { readFileSync } from "node:fs";
import { kubectl } from "../../shared/kubectl/kubectl.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import { readScenarioOrExit } from "./scenarioFiles.ts";

/**
 * kubectl against a headless cluster: loads the scenario, lets every bot play for N simulated seconds,
 * then runs one kubectl command and exits with its code.
 *   npm run kubectl -- --scenario FILE [--scenario FILE2] [--seconds N] [--seed S] <kubectl args...>
 * A local `-f FILE` is read from disk (and `-f -` from stdin) and handed to kubectl as a virtual file.
 */
const USAGE =
  "usage: npm run kubectl -- --scenario FILE [--scenario FILE2] [--seconds N] [--seed S] <kubectl args...>";

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n${USAGE}\n`);
  process.exit(2);
}

interface Options {
  scenarios: string[];
  seconds?: string;
  seed?: string;
  args: string[];
}

/** Our options come first; the first word that is not one of them starts the kubectl command. */
export function parseCli(argv: string[]): Options {
  const options: Options = { scenarios: [], args: [] };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    const match = /^--(scenario|seconds|seed)(?:=(.*))?$/.exec(word);
    if (!match) {
      options.args = argv.slice(word === "--" ? i + 1 : i);
      break;
    }
    const value = match[2] ?? argv[++i];
    if (value === undefined) fail(`--${match[1]} needs a value`);
    if (match[1] === "scenario") options.scenarios.push(value);
    else if (match[1] === "seconds") options.seconds = value;
    else options.seed = value;
  }
  return options;
}

/** The files a kubectl command line names with -f/--filename (comma lists included). */
export function filenamesIn(args: string[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as string;
    let value: string | undefined;
    if (word === "-f" || word === "--filename") value = args[++i];
    else if (word.startsWith("--filename=")) value = word.slice("--filename=".length);
    else if (/^-f.+/.test(word)) value = word.slice(2).replace(/^=/, "");
    if (value) names.push(...value.split(","));
  }
  return names;
}

function main(): void {
  const options = parseCli(process.argv.slice(2));
  if (options.scenarios.length === 0) fail("at least one --scenario FILE is required");
  const seconds = options.seconds === undefined ? 0 : Number(options.seconds);
  if (!(Number.isFinite(seconds) && seconds >= 0)) {
    fail(`--seconds must be a number of seconds >= 0, not "${options.seconds}"`);
  }
  const seed = options.seed === undefined ? undefined : Number(options.seed);
  if (seed !== undefined && !Number.isInteger(seed)) fail(`--seed must be an integer, not "${options.seed}"`);

  const files: Record<string, string> = {};
  let stdin: string | undefined;
  for (const name of filenamesIn(options.args)) {
    if (name === "-") {
      stdin = readFileSync(0, "utf8");
      continue;
    }
    try {
      files[name] = readFileSync(name, "utf8");
    } catch {
      // kubectl reports the missing path itself, worded as it would.
    }
  }
  const scenario = readScenarioOrExit(options.scenarios);
  const engine = createEngine(scenario, seed === undefined ? {} : { seed });
  engine.runFor(seconds * 1000);
  const result = kubectl(engine, options.args, { files, ...(stdin === undefined ? {} : { stdin }) });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}

if (import.meta.url === `file://${process.argv[1]}`) main();
