import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Gi } from "../../shared/sim/quantity.ts";
import { loadOk } from "./helpers.ts";

const SCENARIOS = join(import.meta.dirname, "..", "..", "scenarios");

function example(file: string) {
  return loadOk([{ file, text: readFileSync(join(SCENARIOS, file), "utf8") }]);
}

describe("scenarios/first-pod.yaml", () => {
  const scenario = example("first-pod.yaml");

  it("has a title, description and a short timeline", () => {
    expect(scenario.name).toBe("first-pod");
    expect(scenario.title).toBe("Your first Pod");
    expect(scenario.description).toMatch(/^One Pod running nginx 1\.27\./);
    expect(scenario.durationSeconds).toBe(600);
    expect(scenario.timeline.map((s) => [s.at, s.command.type])).toEqual([[120_000, "Apply"]]);
    expect(scenario.notSimulated).toEqual([]);
  });

  it("declares one Pod in the default namespace and no nodes (the default cluster)", () => {
    expect(scenario.objects).toEqual([
      {
        kind: "Pod",
        metadata: { name: "web", namespace: "default", labels: { app: "web" }, annotations: {} },
        spec: {
          containers: [
            {
              name: "nginx",
              image: "nginx:1.27",
              ports: [{ containerPort: 80, protocol: "TCP" }],
              resources: { requests: { cpu: "100m", memory: "64Mi" } },
              imagePullPolicy: "IfNotPresent",
            },
          ],
          tolerations: [],
          restartPolicy: "Always",
          imagePullSecrets: [],
          priority: 0,
          schedulerName: "default-scheduler",
          terminationGracePeriodSeconds: 30,
        },
      },
    ]);
  });
});

describe("scenarios/node-failure.yaml", () => {
  const scenario = example("node-failure.yaml");

  it("has three AWS nodes with their capacities", () => {
    const nodes = scenario.objects.filter((o) => o.kind === "Node");
    expect(nodes.map((n) => n.metadata.name)).toEqual(["worker-1", "worker-2", "worker-3"]);
    for (const n of nodes) {
      if (n.kind !== "Node") continue;
      expect(n.capacity).toEqual({ cpu: 4000, memory: 16 * Gi, pods: 110 });
      expect(n.allocatable).toEqual({ cpu: 3920, memory: 15 * Gi, pods: 110 });
      expect(n.machine).toMatchObject({
        provider: "aws",
        instanceType: "m5.xlarge",
        region: "us-east-1",
        runtime: "containerd",
      });
    }
  });

  it("runs six nginx replicas", () => {
    const deployment = scenario.objects.find((o) => o.kind === "Deployment");
    expect(
      deployment?.kind === "Deployment" && [
        deployment.spec.replicas,
        deployment.spec.template.spec.containers[0]?.image,
      ],
    ).toEqual([6, "nginx:1.27"]);
  });

  it("fails worker-2 at 60 s and recovers it at 600 s", () => {
    expect(scenario.timeline).toEqual([
      { at: 60_000, command: { type: "FailNode", node: "worker-2" } },
      { at: 600_000, command: { type: "RecoverNode", node: "worker-2" } },
    ]);
    expect(scenario.seed).toBe(42);
  });
});
