import { parseArgs } from "node:util";
import { eventJson, nodeJson, podJson } from "../../shared/kubectl/json.ts";
import { printEvents, printNodes, printPods } from "../../shared/kubectl/printers.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { readScenarioOrExit } from "./scenarioFiles.ts";

/**
 * Runs a scenario headless, every component played by its bot, and prints the cluster at the end:
 *   npm run simulate -- FILE... [--seconds N] [--seed S] [--output json|wide]
 */
const USAGE = "usage: npm run simulate -- FILE... [--seconds N] [--seed S] [--output json|wide]";
export const DEFAULT_SECONDS = 300;

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function main(): void {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (positionals.length === 0) fail("at least one scenario FILE is required");
  const output = values.output ?? "wide";
  if (output !== "json" && output !== "wide") fail(`--output must be json or wide, not "${output}"`);
  const seconds = values.seconds === undefined ? undefined : Number(values.seconds);
  if (seconds !== undefined && !(Number.isFinite(seconds) && seconds >= 0)) {
    fail(`--seconds must be a number of seconds >= 0, not "${values.seconds}"`);
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) fail(`--seed must be an integer, not "${values.seed}"`);

  const scenario = readScenarioOrExit(positionals);
  const engine = createEngine(scenario, seed === undefined ? {} : { seed });
  engine.runFor((seconds ?? scenario.durationSeconds ?? DEFAULT_SECONDS) * 1000);
  process.stdout.write(output === "json" ? `${JSON.stringify(asList(engine), null, 2)}\n` : asWide(engine));
}

function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      seconds: { type: "string" },
      seed: { type: "string" },
      output: { type: "string", short: "o" },
      help: { type: "boolean", short: "h" },
    },
  });
}

export function asList(engine: Engine) {
  const { nodes, pods, events } = engine.state;
  return {
    kind: "List",
    apiVersion: "v1",
    items: [...Object.values(nodes).map(nodeJson), ...Object.values(pods).map(podJson)],
    events: events.map(eventJson),
  };
}

export function asWide(engine: Engine): string {
  const now = engine.now;
  const byName = <T extends { metadata: { name: string; namespace?: string } }>(a: T, b: T) =>
    `${a.metadata.namespace ?? ""}/${a.metadata.name}` < `${b.metadata.namespace ?? ""}/${b.metadata.name}`
      ? -1
      : 1;
  const nodes = Object.values(engine.state.nodes)
    .sort(byName)
    .map((n) => ({
      ...n,
      metadata: { ...n.metadata, name: `node/${n.metadata.name}` },
    }));
  const pods = Object.values(engine.state.pods)
    .sort(byName)
    .map((p) => ({
      ...p,
      metadata: { ...p.metadata, name: `pod/${p.metadata.name}` },
    }));
  const sections = [
    printNodes(nodes, { now, wide: true }),
    pods.length ? printPods(pods, { now, wide: true, allNamespaces: true }) : "No resources found in pods.",
    engine.state.events.length
      ? printEvents(engine.state.events, { now, allNamespaces: true })
      : "No events found.",
  ];
  return `${sections.join("\n\n")}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) main();
