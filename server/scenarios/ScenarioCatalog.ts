import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { ScenarioSummary } from "../../shared/protocol/http.ts";
import { loadScenario, type Scenario } from "../../shared/scenario/load.ts";
import { DEFAULT_WORKERS } from "../../shared/sim/engine/spec.ts";
import type { ScenarioFileRecord } from "../storage/SessionStore.ts";

export interface BuiltInScenario {
  summary: ScenarioSummary;
  files: ScenarioFileRecord[];
  scenario: Scenario;
}

/**
 * The built-in scenarios: every *.yaml file of the scenarios directory, one scenario per file, named
 * after the file. Read at start-up and again on demand, so a teacher can drop a file in without a
 * restart; a session keeps the text it started with.
 */
/** A name not in the catalog rereads the directory at most this often (ms): asking for unknown names is free. */
const RELOAD_AT_MOST_EVERY_MS = 10_000;

export class ScenarioCatalog {
  private readonly dir: string;
  private cache = new Map<string, BuiltInScenario>();
  private problems: string[] = [];
  private reloadedAt = Number.NEGATIVE_INFINITY;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Rereads the directory; files that do not load are listed in `problems`. */
  reload(): void {
    this.reloadedAt = performance.now();
    const next = new Map<string, BuiltInScenario>();
    const problems: string[] = [];
    let names: string[] = [];
    try {
      names = readdirSync(this.dir).filter((f) => /\.ya?ml$/i.test(f));
    } catch (error) {
      problems.push(`${this.dir}: ${(error as Error).message}`);
    }
    for (const file of names.sort()) {
      const name = basename(file).replace(/\.ya?ml$/i, "");
      const files = [{ file, text: readFileSync(join(this.dir, file), "utf8") }];
      const loaded = loadScenario(files);
      if (!loaded.ok) {
        problems.push(
          `${file}: ${loaded.errors.length} error(s), first: ${loaded.errors[0]?.message ?? "?"}`,
        );
        continue;
      }
      const scenario = loaded.scenario;
      const declaredNodes = scenario.objects.filter((o) => o.kind === "Node").length;
      next.set(name, {
        files,
        scenario,
        summary: {
          name,
          title: scenario.title,
          ...(scenario.translations
            ? {
                translations: Object.fromEntries(
                  Object.entries(scenario.translations).map(([tag, tr]) => [
                    tag,
                    { title: tr.title, description: tr.description },
                  ]),
                ),
              }
            : {}),
          description: scenario.description,
          durationSeconds: scenario.durationSeconds,
          nodes: declaredNodes || DEFAULT_WORKERS.length,
        },
      });
    }
    this.cache = next;
    this.problems = problems;
  }

  list(): ScenarioSummary[] {
    if (this.cache.size === 0) this.reloadIfDue();
    return [...this.cache.values()].map((s) => s.summary);
  }

  get(name: string): BuiltInScenario | undefined {
    if (!this.cache.has(name)) this.reloadIfDue();
    return this.cache.get(name);
  }

  /** Rereads the directory for a name it does not know, unless it did so a moment ago. */
  private reloadIfDue(): void {
    if (performance.now() - this.reloadedAt >= RELOAD_AT_MOST_EVERY_MS) this.reload();
  }

  get loadProblems(): readonly string[] {
    return this.problems;
  }
}
