import { describe, expect, it } from "vitest";
import { kubectl } from "../../../shared/kubectl/kubectl.ts";
import type { Engine } from "../../../shared/sim/engine/Engine.ts";
import type { DaemonSet } from "../../../shared/sim/model/daemonset.ts";
import type { Taint } from "../../../shared/sim/model/node.ts";
import { docs, engineFromYaml, eventsOf, nodeYaml, runUntil } from "../harness.ts";

function daemonSetYaml(name: string, extra: Record<string, unknown> = {}, image = "nginx:1.27"): string {
  return JSON.stringify({
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name, namespace: "kube-system" },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name, image, resources: { requests: { cpu: "200m", memory: "128Mi" } } }],
          ...extra,
        },
      },
    },
  });
}

const gpu: Taint = { key: "gpu", value: "true", effect: "NoSchedule" };
const ds = (engine: Engine, name: string) => engine.state.daemonsets[`kube-system/${name}`] as DaemonSet;
const daemonPods = (engine: Engine, name: string) =>
  engine.podsOwnedBy(ds(engine, name).metadata.uid).filter((p) => p.metadata.deletionTimestamp === undefined);

describe("the DaemonSet controller", () => {
  it("runs one pod per eligible node, with the automatic tolerations, pinned by node affinity", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("a"),
        nodeYaml("b"),
        nodeYaml("gpu-1", { spec: { taints: [gpu] } }),
        daemonSetYaml("fluent-bit"),
      ),
    );
    runUntil(engine, () => ds(engine, "fluent-bit").status.numberReady === 2, 120_000);
    const pods = daemonPods(engine, "fluent-bit");
    expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(["a", "b"]);
    const pod = pods[0];
    expect(pod?.spec.tolerations.map((t) => `${t.key}:${t.effect}`)).toEqual([
      "node.kubernetes.io/not-ready:NoExecute",
      "node.kubernetes.io/unreachable:NoExecute",
      "node.kubernetes.io/disk-pressure:NoSchedule",
      "node.kubernetes.io/memory-pressure:NoSchedule",
      "node.kubernetes.io/pid-pressure:NoSchedule",
      "node.kubernetes.io/unschedulable:NoSchedule",
    ]);
    expect(pod?.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [
        { matchFields: [{ key: "metadata.name", operator: "In", values: [pod?.spec.nodeName] }] },
      ],
    });
    expect(kubectl(engine, "get ds -n kube-system").stdout).toMatch(
      /^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE\nfluent-bit\s+2\s+2\s+2\s+2\s+2\s+<none>\s+\d+s\n$/,
    );
    // DaemonSet overhead: its requests count on each node the scheduler sees.
    expect(engine.snapshot.getNodeInfo("a")?.requested.cpu).toBe(200);
  });

  it("goes where its tolerations allow, onto a cordoned node too, and onto a node as soon as it joins", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("a", { spec: { unschedulable: true } }),
        nodeYaml("gpu-1", { spec: { taints: [gpu] } }),
        daemonSetYaml("agent", { tolerations: [{ key: "gpu", operator: "Exists" }] }),
      ),
    );
    runUntil(engine, () => ds(engine, "agent").status.numberReady === 2, 120_000);
    engine.apply("scenario", { type: "AddNode", provider: "local", name: "late" });
    runUntil(engine, () => Boolean(engine.state.nodes.late), 120_000);
    engine.runFor(200);
    expect(
      daemonPods(engine, "agent")
        .map((p) => p.spec.nodeName ?? "pending")
        .sort(),
    ).toEqual(["a", "gpu-1", "late"]);
    runUntil(engine, () => ds(engine, "agent").status.numberReady === 3, 120_000);
  });

  it("leaves a node whose labels stop matching its nodeSelector", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("a", { labels: { logging: "on" } }),
        nodeYaml("b", { labels: { logging: "on" } }),
        daemonSetYaml("logger", { nodeSelector: { logging: "on" } }),
      ),
    );
    runUntil(engine, () => ds(engine, "logger").status.numberReady === 2, 120_000);
    const node = engine.state.nodes.b;
    if (!node) throw new Error("no node b");
    engine.apply("user", {
      type: "Apply",
      manifest: { apiVersion: "v1", kind: "Node", metadata: { name: "b", labels: { logging: "off" } } },
    });
    runUntil(engine, () => daemonPods(engine, "logger").length === 1, 60_000);
    expect(ds(engine, "logger").status.desiredNumberScheduled).toBe(1);
  });

  it("rolls a new template out one node at a time (maxUnavailable 1)", () => {
    const engine = engineFromYaml(docs(nodeYaml("a"), nodeYaml("b"), nodeYaml("c"), daemonSetYaml("agent")));
    runUntil(engine, () => ds(engine, "agent").status.numberAvailable === 3, 120_000);
    engine.apply("user", { type: "Apply", manifest: JSON.parse(daemonSetYaml("agent", {}, "nginx:1.27.3")) });
    let worst = 3;
    runUntil(
      engine,
      () => {
        const d = ds(engine, "agent");
        const s = d.status;
        worst = Math.min(worst, s.numberAvailable);
        return (
          s.observedGeneration === d.metadata.generation &&
          s.updatedNumberScheduled === 3 &&
          s.numberAvailable === 3
        );
      },
      300_000,
    );
    expect(worst).toBe(2);
    expect(eventsOf(engine, "agent").filter((e) => e.reason === "SuccessfulDelete")).toHaveLength(3);
  });
});
