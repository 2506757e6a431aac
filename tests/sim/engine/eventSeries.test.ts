import { describe, expect, it } from "vitest";
import { kubectl } from "../../../shared/kubectl/kubectl.ts";
import { Engine, EVENT_TTL_MS } from "../../../shared/sim/engine/Engine.ts";
import type { ClusterEvent } from "../../../shared/sim/model/event.ts";
import { engineFromYaml, eventsOf, oneNode } from "../harness.ts";

/**
 * The engine stores an Event per series, as a cluster does with client-go's EventCorrelator: a repeat of
 * the same report (source, object, type, reason, message) updates the Event it made, so what a class
 * keeps is bounded by what differs, not by how often it happens.
 */
const CRASH = `apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  containers:
    - name: main
      image: busybox:1.37
      command: ["sh", "-c", "exit 1"]`;

function cordonUncordon(engine: Engine, times: number): void {
  for (let i = 0; i < times; i++) {
    expect(engine.apply("instructor", { type: "CordonNode", node: "worker-1" }).ok).toBe(true);
    engine.tick();
    expect(engine.apply("instructor", { type: "UncordonNode", node: "worker-1" }).ok).toBe(true);
    engine.tick();
  }
}

const nodeEvents = (engine: Engine) =>
  engine.state.events.filter((e) => e.involvedObject.kind === "Node" && e.involvedObject.name === "worker-1");

describe("an Event per series", () => {
  it("a repeat updates the series: count, first and last time, the same name; the old entry is gone", () => {
    const engine = engineFromYaml(oneNode());
    const start = engine.now;
    cordonUncordon(engine, 300);
    const series = nodeEvents(engine).filter((e) => e.reason.endsWith("Schedulable"));
    expect(series.map((e) => [e.reason, e.count])).toEqual([
      ["NodeNotSchedulable", 300],
      ["NodeSchedulable", 300],
    ]);
    const [cordoned, uncordoned] = series as [ClusterEvent, ClusterEvent];
    expect(cordoned.firstTime).toBe(start);
    expect(uncordoned.eventTime).toBe(engine.now - 100);
    // every report was made, and 600 of them are two Events
    expect(eventsOf(engine, "worker-1").filter((e) => e.reason.endsWith("Schedulable"))).toHaveLength(600);
    const seqs = engine.state.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    const json = JSON.parse(
      kubectl(engine, "get events --field-selector reason=NodeSchedulable -o json").stdout,
    ) as {
      items: { metadata: { name: string }; count: number; firstTimestamp: string; lastTimestamp: string }[];
    };
    expect(json.items).toHaveLength(1);
    const item = json.items[0];
    expect(item?.count).toBe(300);
    expect(item?.metadata.name).toBe(`worker-1.${uncordoned.firstSeq.toString(16).padStart(16, "0")}`);
    expect(item?.firstTimestamp).not.toBe(item?.lastTimestamp);
    expect(kubectl(engine, "events --for node/worker-1").stdout).toMatch(
      /^0s \(x300 over 59s\) +Normal +NodeSchedulable +Node\/worker-1 +Node worker-1 status is now: NodeSchedulable$/m,
    );
  });

  it("a crash loop is a handful of Events whose counts grow, not one per restart", () => {
    const engine = engineFromYaml(oneNode(CRASH), 1);
    engine.runFor(900_000);
    const reports = eventsOf(engine, "crash");
    const stored = engine.state.events.filter((e) => e.involvedObject.name === "crash");
    expect(reports.length).toBeGreaterThan(80);
    expect(stored.length).toBeLessThan(12);
    const backOff = stored.find((e) => e.reason === "BackOff");
    expect(backOff?.count).toBe(reports.filter((e) => e.reason === "BackOff").length);
    expect(stored.reduce((n, e) => n + e.count, 0)).toBe(reports.length);
  });

  it("a different message starts a series of its own", () => {
    const engine = engineFromYaml(oneNode());
    cordonUncordon(engine, 2);
    engine.apply("instructor", { type: "CordonNode", node: "worker-1" });
    const reasons = nodeEvents(engine).map((e) => e.reason);
    expect(reasons.filter((r) => r === "NodeNotSchedulable")).toHaveLength(1);
    expect(reasons.filter((r) => r === "NodeSchedulable")).toHaveLength(1);
  });

  it("a series lives an hour from its last occurrence (--event-ttl), one that stopped expires", () => {
    const engine = engineFromYaml(oneNode());
    cordonUncordon(engine, 1);
    const before = nodeEvents(engine).find((e) => e.reason === "NodeSchedulable");
    engine.runFor(EVENT_TTL_MS / 2);
    engine.apply("instructor", { type: "CordonNode", node: "worker-1" });
    engine.runFor(EVENT_TTL_MS / 2 + 120_000);
    const after = nodeEvents(engine).map((e) => e.reason);
    expect(before).toBeDefined();
    expect(after).toContain("NodeNotSchedulable");
    expect(after).not.toContain("NodeSchedulable");
  });

  it("a restored snapshot keeps counting the series it holds", () => {
    const engine = engineFromYaml(oneNode());
    cordonUncordon(engine, 3);
    const restored = Engine.restore(engine.snapshotState());
    cordonUncordon(restored, 2);
    const series = nodeEvents(restored).filter((e) => e.reason.endsWith("Schedulable"));
    expect(series.map((e) => e.count)).toEqual([5, 5]);
  });

  it("a state saved before series (schema 3) continues: each occurrence a series of one", () => {
    const engine = engineFromYaml(oneNode());
    cordonUncordon(engine, 1);
    const old = engine.snapshotState() as unknown as {
      schemaVersion: number;
      events: Partial<ClusterEvent>[];
    };
    old.schemaVersion = 3;
    for (const e of old.events) {
      delete e.count;
      delete e.firstTime;
      delete e.firstSeq;
    }
    const upgraded = new Engine(old as unknown as Engine["state"]);
    expect(upgraded.state.schemaVersion).toBe(4);
    expect(upgraded.state.events.every((e) => e.count === 1 && e.firstSeq === e.seq)).toBe(true);
    cordonUncordon(upgraded, 1);
    expect(nodeEvents(upgraded).find((e) => e.reason === "NodeSchedulable")?.count).toBe(2);
  });
});
