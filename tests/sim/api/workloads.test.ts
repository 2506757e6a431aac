import { describe, expect, it } from "vitest";
import { labelSelectorMatches } from "../../../shared/sim/labels/selector.ts";
import { decodeFail, decodeOk, deploymentManifest, errorsOf } from "./helpers.ts";

function replicaSetManifest(spec: Record<string, unknown> = {}) {
  const { spec: base } = deploymentManifest();
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: "web-5d4f" },
    spec: { ...base, ...spec },
  };
}

describe("Deployment defaults (apps/v1 SetDefaults_Deployment)", () => {
  it("fills replicas, strategy, history, deadlines and the pod template's defaults", () => {
    expect(decodeOk(deploymentManifest()).object).toEqual({
      kind: "Deployment",
      metadata: { name: "web", namespace: "default", labels: {}, annotations: {} },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" }, annotations: {} },
          spec: {
            containers: [{ name: "web", image: "nginx:1.27", imagePullPolicy: "IfNotPresent" }],
            tolerations: [],
            restartPolicy: "Always",
            imagePullSecrets: [],
            priority: 0,
            schedulerName: "default-scheduler",
            terminationGracePeriodSeconds: 30,
          },
        },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
        minReadySeconds: 0,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        paused: false,
      },
    });
  });

  it("defaults only the unset half of rollingUpdate and keeps ints as ints", () => {
    const { object } = decodeOk(deploymentManifest({ strategy: { rollingUpdate: { maxSurge: 1 } } }));
    expect(object.kind === "Deployment" && object.spec.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: 1, maxUnavailable: "25%" },
    });
  });

  it("gives Recreate no rollingUpdate", () => {
    const { object } = decodeOk(deploymentManifest({ strategy: { type: "Recreate" } }));
    expect(object.kind === "Deployment" && object.spec.strategy).toEqual({ type: "Recreate" });
  });

  it("does not default a template's requests from its limits (only Pods get that)", () => {
    const { object } = decodeOk(
      deploymentManifest(
        {},
        { spec: { containers: [{ name: "web", image: "x", resources: { limits: { cpu: "1" } } }] } },
      ),
    );
    expect(object.kind === "Deployment" && object.spec.template.spec.containers[0]?.resources).toEqual({
      limits: { cpu: "1" },
    });
  });

  it("keeps replicas: 0 and paused", () => {
    const { object } = decodeOk(deploymentManifest({ replicas: 0, paused: true }));
    expect(object.kind === "Deployment" && [object.spec.replicas, object.spec.paused]).toEqual([0, true]);
  });
});

describe("Deployment validation", () => {
  it.each([
    [
      "negative replicas",
      { replicas: -1 },
      ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"],
    ],
    ["no selector", { selector: undefined }, ["spec.selector: Required value"]],
    [
      "empty selector",
      { selector: {} },
      [
        "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment",
      ],
    ],
    [
      "selector not matching the template",
      { selector: { matchLabels: { app: "api" } } },
      [
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      ],
    ],
    [
      "selector expression not matching",
      { selector: { matchExpressions: [{ key: "app", operator: "NotIn", values: ["web"] }] } },
      [
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      ],
    ],
    [
      "bad selector operator",
      { selector: { matchExpressions: [{ key: "app", operator: "Is", values: ["web"] }] } },
      [
        'spec.selector.matchExpressions[0].operator: Invalid value: "Is": not a valid selector operator',
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Is", Values:[]string{"web"}}}}: invalid label selector',
      ],
    ],
    [
      "strategy type",
      { strategy: { type: "BlueGreen" } },
      [
        'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
      ],
    ],
    [
      "Recreate with rollingUpdate",
      { strategy: { type: "Recreate", rollingUpdate: { maxSurge: 1 } } },
      ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    ],
    [
      "percent without %",
      { strategy: { rollingUpdate: { maxSurge: "25" } } },
      [
        "spec.strategy.rollingUpdate.maxSurge: Invalid value: 25: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ],
    ],
    [
      "both zero",
      { strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: "0%" } } },
      ["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0%: may not be 0 when `maxSurge` is 0"],
    ],
    [
      "more than 100%",
      { strategy: { rollingUpdate: { maxUnavailable: "150%" } } },
      ["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater than 100%"],
    ],
    [
      "negative maxSurge",
      { strategy: { rollingUpdate: { maxSurge: -1 } } },
      ["spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0"],
    ],
    [
      "deadline not after minReady",
      { minReadySeconds: 30, progressDeadlineSeconds: 30 },
      ["spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds"],
    ],
    [
      "negative history",
      { revisionHistoryLimit: -1 },
      ["spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0"],
    ],
  ])("%s", (_, spec, messages) => {
    expect(errorsOf(deploymentManifest(spec))).toEqual(messages);
  });

  it.each([
    [
      "restart policy other than Always",
      { spec: { restartPolicy: "Never", containers: [{ name: "web", image: "x" }] } },
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      "activeDeadlineSeconds",
      { spec: { activeDeadlineSeconds: 30, containers: [{ name: "web", image: "x" }] } },
      [
        "spec.template.spec.activeDeadlineSeconds: Invalid value: 30: activeDeadlineSeconds in ReplicaSet is not Supported",
      ],
    ],
    [
      "template container errors at the template's path",
      { spec: { containers: [{ name: "web" }] } },
      ["spec.template.spec.containers[0].image: Required value"],
    ],
    [
      "template without labels",
      { metadata: {} },
      [
        "spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`",
      ],
    ],
    [
      "bad template label",
      { metadata: { labels: { app: "web", tier: "front end" } } },
      [expect.stringMatching(/^spec\.template\.labels: Invalid value: "front end": a valid label must be/)],
    ],
  ])("template: %s", (_, template, messages) => {
    expect(errorsOf(deploymentManifest({}, template))).toEqual(messages);
  });

  it("names the Deployment in the whole message", () => {
    expect(decodeFail(deploymentManifest({ selector: { matchLabels: { app: "x" } } })).message).toBe(
      'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    );
  });
});

describe("ReplicaSet", () => {
  it("defaults replicas and minReadySeconds", () => {
    const { object } = decodeOk(replicaSetManifest());
    expect(object.kind).toBe("ReplicaSet");
    expect(
      object.kind === "ReplicaSet" && [
        object.spec.replicas,
        object.spec.minReadySeconds,
        object.spec.selector,
      ],
    ).toEqual([1, 0, { matchLabels: { app: "web" } }]);
  });

  it.each([
    [{ replicas: -2 }, ["spec.replicas: Invalid value: -2: must be greater than or equal to 0"]],
    [
      { selector: { matchLabels: { app: "x" } } },
      [
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      ],
    ],
    [
      { minReadySeconds: -1 },
      ["spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0"],
    ],
  ])("%j", (spec, messages) => {
    expect(errorsOf(replicaSetManifest(spec))).toEqual(messages);
  });
});

describe("labelSelectorMatches", () => {
  const labels = { app: "web", tier: "front" };
  it.each([
    [{ matchLabels: { app: "web" } }, true],
    [{ matchLabels: { app: "api" } }, false],
    [{ matchExpressions: [{ key: "tier", operator: "In" as const, values: ["front", "back"] }] }, true],
    [{ matchExpressions: [{ key: "tier", operator: "NotIn" as const, values: ["front"] }] }, false],
    [{ matchExpressions: [{ key: "zone", operator: "DoesNotExist" as const }] }, true],
    [{ matchExpressions: [{ key: "zone", operator: "Exists" as const }] }, false],
  ])("%j -> %s", (selector, expected) => {
    expect(labelSelectorMatches(selector, labels)).toBe(expected);
  });
});
