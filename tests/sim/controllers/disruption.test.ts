import { describe, expect, it } from "vitest";
import { kubectl } from "../../../shared/kubectl/kubectl.ts";
import type { Engine } from "../../../shared/sim/engine/Engine.ts";
import type { PodDisruptionBudget } from "../../../shared/sim/model/policy.ts";
import { deploymentYaml, docs, engineFromYaml, nodeYaml, runUntil } from "../harness.ts";

const pdbYaml = (spec: Record<string, unknown>) =>
  JSON.stringify({
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: "web" },
    spec: { selector: { matchLabels: { app: "web" } }, ...spec },
  });

const pdb = (engine: Engine) => engine.state.poddisruptionbudgets["default/web"] as PodDisruptionBudget;
const readyPods = (engine: Engine) =>
  Object.values(engine.state.pods).filter((p) =>
    p.status.conditions.some((c) => c.type === "Ready" && c.status === "True"),
  );

describe("the disruption controller and the Eviction API", () => {
  it.each<[string, Record<string, unknown>, { desired: number; allowed: number; expected: number }]>([
    ["minAvailable 3 of 4", { minAvailable: 3 }, { desired: 3, allowed: 1, expected: 4 }],
    ["minAvailable 100%", { minAvailable: "100%" }, { desired: 4, allowed: 0, expected: 4 }],
    ["maxUnavailable 1", { maxUnavailable: 1 }, { desired: 3, allowed: 1, expected: 4 }],
    ["maxUnavailable 50%", { maxUnavailable: "50%" }, { desired: 2, allowed: 2, expected: 4 }],
  ])("%s", (_name, spec, want) => {
    const engine = engineFromYaml(
      docs(nodeYaml("a"), nodeYaml("b"), deploymentYaml("web", 4, "nginx:1.27"), pdbYaml(spec)),
    );
    runUntil(
      engine,
      () => readyPods(engine).length === 4 && pdb(engine).status.currentHealthy === 4,
      120_000,
    );
    expect(pdb(engine).status).toMatchObject({
      currentHealthy: 4,
      desiredHealthy: want.desired,
      disruptionsAllowed: want.allowed,
      expectedPods: want.expected,
    });
  });

  it("drain evicts what the budget allows and prints kubectl's 429 for the rest", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("a"),
        nodeYaml("b"),
        deploymentYaml("web", 4, "nginx:1.27"),
        pdbYaml({ maxUnavailable: 1 }),
      ),
    );
    runUntil(
      engine,
      () => readyPods(engine).length === 4 && pdb(engine).status.disruptionsAllowed === 1,
      120_000,
    );
    const onA = Object.values(engine.state.pods)
      .filter((p) => p.spec.nodeName === "a")
      .map((p) => p.metadata.name)
      .sort();
    expect(onA.length).toBe(2);
    const result = kubectl(engine, "drain a");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      `error when evicting pods/"${onA[1]}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n`,
    );
    expect(result.stdout).toContain(`pod/${onA[0]} evicted`);
    expect(pdb(engine).status.disruptionsAllowed).toBe(0);
    expect(Object.keys(pdb(engine).status.disruptedPods)).toEqual([onA[0]]);
    // Once the replacement is Ready elsewhere, the budget allows the next one.
    runUntil(engine, () => pdb(engine).status.disruptionsAllowed === 1, 120_000);
    expect(kubectl(engine, "drain a").stdout).toContain("node/a drained");
    expect(kubectl(engine, "get pdb").stdout).toMatch(
      /^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\nweb\s+N\/A\s+1\s+0\s+\d+s\n$/,
    );
  });

  it("the Eviction API answers 429 when the budget allows nothing", () => {
    const engine = engineFromYaml(
      docs(nodeYaml("a"), deploymentYaml("web", 2, "nginx:1.27"), pdbYaml({ minAvailable: 2 })),
    );
    runUntil(
      engine,
      () => readyPods(engine).length === 2 && pdb(engine).status.currentHealthy === 2,
      120_000,
    );
    const name = readyPods(engine)[0]?.metadata.name as string;
    expect(engine.apply("user", { type: "Evict", pod: name })).toEqual({
      ok: false,
      code: "TooManyRequests",
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
    });
  });
});
