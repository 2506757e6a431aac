import { describe, expect, it } from "vitest";
import { kubectl } from "../../../shared/kubectl/kubectl.ts";
import type { Engine } from "../../../shared/sim/engine/Engine.ts";
import type { StatefulSet } from "../../../shared/sim/model/statefulset.ts";
import { docs, engineFromYaml, eventsOf, nodeYaml, runUntil } from "../harness.ts";

function statefulSetYaml(spec: Record<string, unknown> = {}, image = "nginx:1.27"): string {
  return JSON.stringify({
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "web" },
    spec: {
      serviceName: "web",
      replicas: 3,
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image }] } },
      volumeClaimTemplates: [
        {
          metadata: { name: "www" },
          spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
        },
      ],
      ...spec,
    },
  });
}

const headless = JSON.stringify({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web" },
  spec: { clusterIP: "None", selector: { app: "web" }, ports: [{ port: 80 }] },
});

const sts = (engine: Engine) => engine.state.statefulsets["default/web"] as StatefulSet;
const podNames = (engine: Engine) =>
  Object.values(engine.state.pods)
    .filter((p) => p.metadata.deletionTimestamp === undefined)
    .map((p) => p.metadata.name)
    .sort();

describe("the StatefulSet controller", () => {
  it("OrderedReady: web-0, then web-1 once web-0 is Running and Ready, then web-2", () => {
    const engine = engineFromYaml(docs(nodeYaml("a"), nodeYaml("b"), headless, statefulSetYaml()));
    engine.runFor(500);
    expect(podNames(engine)).toEqual(["web-0"]);
    runUntil(engine, () => sts(engine).status.readyReplicas === 3, 120_000);
    const created = eventsOf(engine, "web").filter((e) => e.reason === "SuccessfulCreate");
    // Each replica's claim (volumeClaimTemplates) is made just before it.
    expect(created.map((e) => e.message)).toEqual([
      "create Claim www-web-0 Pod web-0 in StatefulSet web success",
      "create Pod web-0 in StatefulSet web successful",
      "create Claim www-web-1 Pod web-1 in StatefulSet web success",
      "create Pod web-1 in StatefulSet web successful",
      "create Claim www-web-2 Pod web-2 in StatefulSet web success",
      "create Pod web-2 in StatefulSet web successful",
    ]);
    const creates = created.filter((e) => e.message.startsWith("create Pod"));
    expect(Object.keys(engine.state.persistentvolumeclaims).sort()).toEqual([
      "default/www-web-0",
      "default/www-web-1",
      "default/www-web-2",
    ]);
    expect(engine.state.persistentvolumeclaims["default/www-web-1"]?.status.phase).toBe("Bound");
    expect(engine.state.pods["default/web-1"]?.spec.volumes).toEqual([
      { name: "www", persistentVolumeClaim: { claimName: "www-web-1" } },
    ]);
    expect((creates[1]?.eventTime ?? 0) - (creates[0]?.eventTime ?? 0)).toBeGreaterThan(1_000);
    const pod = engine.state.pods["default/web-1"];
    expect(pod?.metadata.labels).toMatchObject({
      app: "web",
      "statefulset.kubernetes.io/pod-name": "web-1",
      "apps.kubernetes.io/pod-index": "1",
    });
    expect(kubectl(engine, "get sts").stdout).toMatch(/^NAME\s+READY\s+AGE\nweb\s+3\/3\s+\d+s\n$/);
    expect(kubectl(engine, "describe sts web").stdout).toContain("Volume Claims:\n  Name:          www\n");
  });

  it("scales down from the highest ordinal, one at a time", () => {
    const engine = engineFromYaml(docs(nodeYaml("a"), headless, statefulSetYaml({ replicas: 4 })));
    runUntil(engine, () => sts(engine).status.readyReplicas === 4, 120_000);
    engine.apply("user", { type: "Apply", manifest: JSON.parse(statefulSetYaml({ replicas: 1 })) });
    runUntil(
      engine,
      () => podNames(engine).length === 1 && Object.keys(engine.state.pods).length === 1,
      180_000,
    );
    const deletes = eventsOf(engine, "web")
      .filter((e) => e.reason === "SuccessfulDelete")
      .map((e) => e.message);
    expect(deletes).toEqual([
      "delete Pod web-3 in StatefulSet web successful",
      "delete Pod web-2 in StatefulSet web successful",
      "delete Pod web-1 in StatefulSet web successful",
    ]);
    expect(podNames(engine)).toEqual(["web-0"]);
  });

  it("Parallel starts every pod at once", () => {
    const engine = engineFromYaml(
      docs(nodeYaml("a"), headless, statefulSetYaml({ podManagementPolicy: "Parallel" })),
    );
    engine.runFor(500);
    expect(podNames(engine)).toEqual(["web-0", "web-1", "web-2"]);
  });

  it("rolls an update from the highest ordinal down to the partition", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("a"),
        headless,
        statefulSetYaml({ updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } }),
      ),
    );
    runUntil(engine, () => sts(engine).status.readyReplicas === 3, 120_000);
    const before = sts(engine).status.currentRevision;
    engine.apply("user", {
      type: "Apply",
      manifest: JSON.parse(
        statefulSetYaml(
          { updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } },
          "nginx:1.27.3",
        ),
      ),
    });
    runUntil(
      engine,
      () => sts(engine).status.updatedReplicas === 2 && sts(engine).status.readyReplicas === 3,
      180_000,
    );
    engine.runFor(30_000);
    const image = (name: string) => engine.state.pods[`default/${name}`]?.spec.containers[0]?.image;
    expect([image("web-0"), image("web-1"), image("web-2")]).toEqual([
      "nginx:1.27",
      "nginx:1.27.3",
      "nginx:1.27.3",
    ]);
    const deletes = eventsOf(engine, "web")
      .filter((e) => e.reason === "SuccessfulDelete")
      .map((e) => e.message);
    expect(deletes).toEqual([
      "delete Pod web-2 in StatefulSet web successful",
      "delete Pod web-1 in StatefulSet web successful",
    ]);
    expect(sts(engine).status.currentRevision).toBe(before);
    expect(sts(engine).status.updateRevision).not.toBe(before);
  });
});
