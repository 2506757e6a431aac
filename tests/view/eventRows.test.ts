import { describe, expect, it } from "vitest";
import type { EventView } from "../../shared/protocol/state.ts";
import { Engine } from "../../shared/sim/engine/Engine.ts";
import { ClusterProjector } from "../../shared/view/ClusterProjector.ts";
import { PlainClusterTarget } from "../../shared/view/target.ts";
import { engineFromYaml, oneNode } from "../sim/harness.ts";

/**
 * The event feed shows a row per series, as the cluster holds an Event per series: an update replaces
 * the series' row (the newest first, with its count and first time), and a viewer that joins later
 * sees the same rows.
 */
function rows(target: PlainClusterTarget): EventView[] {
  const list: EventView[] = [];
  target.events.forEach((e) => {
    list.push(e);
  });
  return list.sort((a, b) => a.seq - b.seq);
}

describe("the event feed's rows", () => {
  it("one row per series, its count and first time; a late viewer sees the same", () => {
    const engine = engineFromYaml(oneNode());
    const target = new PlainClusterTarget();
    const projector = new ClusterProjector(engine, target);
    projector.initialize();
    const start = engine.now;
    for (let i = 0; i < 40; i++) {
      engine.apply("instructor", { type: i % 2 ? "UncordonNode" : "CordonNode", node: "worker-1" });
      projector.flush();
      engine.tick();
      projector.flush();
    }
    const schedulable = rows(target).filter((e) => e.reason.endsWith("Schedulable"));
    expect(schedulable.map((e) => [e.reason, e.count, e.firstTime])).toEqual([
      ["NodeNotSchedulable", 20, start],
      ["NodeSchedulable", 20, start + 100],
    ]);
    expect(rows(target).filter((e) => e.reason === "NodeReady")[0]?.count).toBeUndefined();

    const late = new PlainClusterTarget();
    new ClusterProjector(Engine.restore(engine.snapshotState()), late).initialize();
    expect(rows(late)).toEqual(rows(target));
  });
});
