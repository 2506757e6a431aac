import { describe, expect, it } from "vitest";
import { formatScenarioError } from "../../shared/scenario/load.ts";
import { parseTimeline } from "../../shared/scenario/timeline.ts";
import { loadErrors, loadOk, SCENARIO_HEAD, source } from "./helpers.ts";

const NODES = ["worker-1", "worker-2"]
  .map((n) => `---\napiVersion: v1\nkind: Node\nmetadata:\n  name: ${n}\n`)
  .join("");

function withTimeline(timeline: string, extraSpec = ""): string {
  return `${SCENARIO_HEAD}spec:\n${extraSpec}  timeline:\n${timeline}`;
}

describe("timeline entries become engine steps", () => {
  it("converts every scenario action to its command, times in ms", () => {
    const scenario = loadOk([
      source(
        withTimeline(`    - {at: 0, action: CordonNode, node: worker-1}
    - {at: 1.5s, action: UncordonNode, node: worker-1}
    - {at: 1m30s, action: FailNode, node: worker-2}
    - {at: "2m", action: RecoverNode, node: worker-2}
    - {at: 300, action: RegistryOutage, registry: dockerhub, durationSeconds: 60}
    - {at: 1h, action: Delete, kind: Deployment, name: web, namespace: default}
    - at: 500ms
      action: Apply
      manifest: {apiVersion: v1, kind: Namespace, metadata: {name: late}}
`) + NODES,
      ),
    ]);
    expect(scenario.timeline).toEqual([
      { at: 0, command: { type: "CordonNode", node: "worker-1" } },
      {
        at: 500,
        command: {
          type: "Apply",
          manifest: { apiVersion: "v1", kind: "Namespace", metadata: { name: "late" } },
        },
      },
      { at: 1500, command: { type: "UncordonNode", node: "worker-1" } },
      { at: 90_000, command: { type: "FailNode", node: "worker-2" } },
      { at: 120_000, command: { type: "RecoverNode", node: "worker-2" } },
      { at: 300_000, command: { type: "RegistryOutage", registry: "dockerhub", durationSeconds: 60 } },
      { at: 3_600_000, command: { type: "Delete", kind: "Deployment", name: "web", namespace: "default" } },
    ]);
  });

  it("keeps the written order of steps at the same time", () => {
    const { steps } = parseTimeline(
      [
        { at: "10s", action: "FailNode", node: "b" },
        { at: "5s", action: "FailNode", node: "a" },
        { at: "10s", action: "FailNode", node: "c" },
        { at: 10, action: "RecoverNode", node: "a" },
      ],
      undefined,
    );
    expect(steps.map((s) => `${s.at}:${s.command.type}:${s.command.node}`)).toEqual([
      "5000:FailNode:a",
      "10000:FailNode:b",
      "10000:FailNode:c",
      "10000:RecoverNode:a",
    ]);
  });

  it("counts nodes a timeline Apply creates as declared", () => {
    const scenario = loadOk([
      source(
        withTimeline(`    - {at: 10s, action: Apply, manifest: {apiVersion: v1, kind: Node, metadata: {name: spare}}}
    - {at: 20s, action: CordonNode, node: spare}
`),
      ),
    ]);
    expect(scenario.timeline.map((s) => s.command.type)).toEqual(["Apply", "CordonNode"]);
  });

  it("checks node names against the default cluster when no Node is declared", () => {
    expect(
      loadOk([source(withTimeline("    - {at: 1m, action: FailNode, node: worker-3}\n"))]).timeline,
    ).toHaveLength(1);
    const errors = loadErrors([source(withTimeline("    - {at: 1m, action: FailNode, node: worker-3}\n"))], {
      defaultNodes: ["node-a"],
    });
    expect(errors[0]?.message).toBe('spec.timeline[0].node: Not found: "worker-3": known nodes: "node-a"');
  });

  it("reports a registry only the scenario could know", () => {
    const registries = `  registries:\n    - {name: ecr, kind: ecr}\n`;
    const ok = loadOk([
      source(
        withTimeline(
          "    - {at: 1m, action: RegistryOutage, registry: ecr, durationSeconds: 30}\n",
          registries,
        ),
      ),
    ]);
    expect(ok.timeline[0]?.command).toEqual({ type: "RegistryOutage", registry: "ecr", durationSeconds: 30 });
  });
});

describe("timeline errors", () => {
  it.each([
    [
      "    - {at: 90x, action: FailNode, node: worker-1}\n",
      'spec.timeline[0].at: Invalid value: "90x": must be a duration such as "90s", "1m30s" or "500ms"',
    ],
    [
      "    - {at: -5s, action: FailNode, node: worker-1}\n",
      'spec.timeline[0].at: Invalid value: "-5s": must be a duration such as "90s", "1m30s" or "500ms"',
    ],
    [
      "    - {at: 1d, action: FailNode, node: worker-1}\n",
      'spec.timeline[0].at: Invalid value: "1d": must be a duration such as "90s", "1m30s" or "500ms"',
    ],
    ["    - {action: FailNode, node: worker-1}\n", "spec.timeline[0].at: Required value"],
    [
      "    - {at: 1m, action: Explode, node: worker-1}\n",
      'spec.timeline[0].action: Unsupported value: "Explode": supported values: "Apply", "Delete", "CordonNode", "UncordonNode", "Scale", "SetImage", "RolloutUndo", "FailNode", "RecoverNode", "PartitionNode", "HealNode", "AddNode", "RemoveNode", "RegistryOutage", "RateLimitRegistry", "RevokeCredential", "RestoreCredential", "CrashDeployment", "FailMaster", "RecoverMaster", "FailEtcdMember", "RecoverEtcdMember", "ReclaimSpotNode", "UpgradeNodes", "SetTraffic"',
    ],
    ["    - {at: 1m, action: FailNode}\n", "spec.timeline[0].node: Required value"],
    [
      "    - {at: 1m, action: FailNode, node: worker-1, nodes: [x]}\n",
      'unknown field "spec.timeline[0].nodes"',
    ],
    [
      "    - {at: 1m, action: FailNode, node: worker-1, type: Bind}\n",
      'unknown field "spec.timeline[0].type"',
    ],
    [
      "    - {at: 1m, action: RegistryOutage, registry: dockerhub, durationSeconds: 0}\n",
      "spec.timeline[0].durationSeconds: Invalid value: 0: must be greater than 0",
    ],
    [
      "    - {at: 1m, action: RegistryOutage, registry: dockerhub, durationSeconds: 1h}\n",
      'spec.timeline[0].durationSeconds: Invalid value: "1h": must be a number',
    ],
    ["    - {at: 1m, action: Apply}\n", "spec.timeline[0].manifest: Required value"],
    ["    - {at: 1m, action: Delete, name: web}\n", "spec.timeline[0].kind: Required value"],
    [
      "    - {at: 1m, action: FailNode, node: worker-7}\n",
      'spec.timeline[0].node: Not found: "worker-7": known nodes: "worker-1", "worker-2"',
    ],
    [
      "    - {at: 1m, action: RegistryOutage, registry: quay, durationSeconds: 5}\n",
      'spec.timeline[0].registry: Not found: "quay": known registries: "dockerhub"',
    ],
  ])("%s", (timeline, message) => {
    const errors = loadErrors([source(withTimeline(timeline) + NODES)]);
    expect(errors.map((e) => e.message)).toEqual([message]);
    expect(errors[0]).toMatchObject({
      file: "test.yaml",
      document: 1,
      kind: "Scenario",
      name: "test",
      line: 7,
    });
  });

  it("rejects a step after the scenario's end", () => {
    const errors = loadErrors([
      source(
        withTimeline("    - {at: 20m, action: FailNode, node: worker-1}\n", "  durationSeconds: 600\n") +
          NODES,
      ),
    ]);
    expect(errors.map((e) => e.message)).toEqual([
      'spec.timeline[0].at: Invalid value: "20m": must not be after spec.durationSeconds (600)',
    ]);
  });

  it("checks an Apply's manifest with the API server's rules, at its path and line", () => {
    const errors = loadErrors([
      source(
        withTimeline(`    - at: 1m
      action: Apply
      manifest:
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: -1
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  imagee: nginx
`),
      ),
    ]);
    expect(errors.map(formatScenarioError)).toEqual([
      'test.yaml: document 1 (Scenario "test"), line 24: unknown field "spec.timeline[0].manifest.spec.template.spec.containers[0].imagee"',
    ]);
    const fixed = loadErrors([
      source(
        withTimeline(`    - at: 1m
      action: Apply
      manifest:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: -1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web}]
`),
      ),
    ]);
    expect(fixed.map(formatScenarioError)).toEqual([
      'test.yaml: document 1 (Scenario "test"), line 14: spec.timeline[0].manifest.spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'test.yaml: document 1 (Scenario "test"), line 19: spec.timeline[0].manifest.spec.template.spec.containers[0].image: Required value',
    ]);
  });

  it("reports an Apply of an unknown kind under the manifest's path", () => {
    const errors = loadErrors([
      source(
        withTimeline(
          "    - {at: 1m, action: Apply, manifest: {apiVersion: v1, kind: Pods, metadata: {name: x}}}\n",
        ),
      ),
    ]);
    expect(errors[0]?.message).toBe('spec.timeline[0].manifest: no matches for kind "Pods" in version "v1"');
  });

  it("reports a not-simulated kind applied by the timeline", () => {
    const scenario = loadOk([
      source(
        withTimeline(
          "    - {at: 1m, action: Apply, manifest: {apiVersion: networking.k8s.io/v1, kind: Ingress, metadata: {name: j}}}\n",
        ),
      ),
    ]);
    expect(scenario.notSimulated).toEqual([
      'test.yaml: document 1 (Scenario "test"): spec.timeline[0].manifest: kind Ingress is not simulated',
    ]);
  });
});
