import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { completionFor } from "../../client/dom/completion.ts";
import { ReplayView } from "../../client/replay/replayView.ts";
import type { MatchRecord } from "../../shared/replay/record.ts";
import { loadScenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";

/**
 * The console's Tab in the browser reads the synced state: each workload kind completes from its own
 * kind's names (a DaemonSet is not offered as a ReplicaSet), HPAs and budgets by name.
 */
function viewOf(name: string, seconds: number) {
  const file = `${name}.yaml`;
  const loaded = loadScenario([{ file, text: readFileSync(join(process.cwd(), "scenarios", file), "utf8") }]);
  if (!loaded.ok) throw new Error(file);
  const engine = createEngine(loaded.scenario);
  engine.runFor(seconds * 1000);
  const record = { scenario: { name, title: name }, players: [], occupancy: [] } as unknown as MatchRecord;
  return new ReplayView(record).view(engine, "running");
}

describe("kubectl completion on the synced state", () => {
  it("completes each workload kind's names, HPAs and budgets", () => {
    const sets = viewOf("daemonsets", 5);
    expect(completionFor(sets, "get ds -n kube-system ")).toEqual(["log-shipper", "node-exporter"]);
    expect(completionFor(sets, "get rs -n kube-system ")).toEqual([]);
    const db = viewOf("statefulset", 5);
    expect(completionFor(db, "get sts ")).toEqual(["db"]);
    expect(completionFor(db, "get pdb ")).toEqual(["db"]);
    const shop = viewOf("autoscaling", 5);
    expect(completionFor(shop, "describe hpa ")).toEqual(["shop"]);
    const batch = viewOf("priority-preemption", 5);
    expect(completionFor(batch, "get jobs ")).toEqual(["report"]);
  });
});
