import { describe, expect, it } from "vitest";
import { loadErrors, loadOk, SCENARIO_HEAD, source } from "./helpers.ts";

describe("the Scenario document", () => {
  it("defaults seed, start time, title and description", () => {
    const scenario = loadOk([source(SCENARIO_HEAD)]);
    expect(scenario).toEqual({
      name: "test",
      title: "test",
      description: "",
      seed: 1,
      startTime: Date.UTC(2025, 0, 1),
      goals: [],
      winConditions: [],
      debrief: [],
      controlPlaneReplicas: 1,
      traffic: [],
      registries: [],
      images: [],
      layers: {},
      objects: [],
      timeline: [],
      notSimulated: [],
    });
  });

  it("reads every field", () => {
    const scenario = loadOk([
      source(`${SCENARIO_HEAD}spec:
  title: Pull storms
  description: Everyone pulls at once.
  seed: 12345
  startTime: "2025-09-01T08:00:00+02:00"
  durationSeconds: 1200
  registries:
    - name: dockerhub
      kind: dockerhub
      rateLimit: {pulls: 10, window: 1h}
    - name: ecr
      kind: ecr
      requiresCredentials: true
      pullSecrets: [ecr-creds]
`),
    ]);
    expect(scenario.title).toBe("Pull storms");
    expect(scenario.description).toBe("Everyone pulls at once.");
    expect(scenario.seed).toBe(12345);
    expect(scenario.startTime).toBe(Date.UTC(2025, 8, 1, 6, 0, 0));
    expect(scenario.durationSeconds).toBe(1200);
    expect(scenario.registries).toEqual([
      { name: "dockerhub", kind: "dockerhub", rateLimit: { pulls: 10, windowSeconds: 3600 } },
      { name: "ecr", kind: "ecr", requiresCredentials: true, pullSecrets: ["ecr-creds"] },
    ]);
  });

  it.each([
    ["  seed: 1.5\n", "spec.seed: Invalid value: 1.5: must be an integer", 6],
    ["  seed: many\n", 'spec.seed: Invalid value: "many": must be a number', 6],
    ["  durationSeconds: -5\n", "spec.durationSeconds: Invalid value: -5: must be greater than 0", 6],
    ["  titel: x\n", 'unknown field "spec.titel"', 6],
    [
      '  startTime: "next monday"\n',
      'spec.startTime: Invalid value: "next monday": must be an RFC 3339 time such as "2025-01-01T09:00:00Z"',
      6,
    ],
    [
      "  startTime: 2025-13-45T99:00:00Z\n",
      'spec.startTime: Invalid value: "2025-13-45T99:00:00Z": must be an RFC 3339 time such as "2025-01-01T09:00:00Z"',
      6,
    ],
    [
      "  registries:\n    - {name: q, kind: quay}\n",
      'spec.registries[0].kind: Unsupported value: "quay": supported values: "local", "dockerhub", "ecr", "gar", "acr"',
      7,
    ],
    [
      "  registries:\n    - {name: a, kind: local}\n    - {name: a, kind: ecr}\n",
      'spec.registries[1].name: Duplicate value: "a"',
      8,
    ],
    [
      "  registries:\n    - {name: a, kind: local, rateLimit: {pulls: 5, window: soon}}\n",
      'spec.registries[0].rateLimit.window: Invalid value: "soon": must be a duration such as "90s", "1m30s" or "500ms"',
      7,
    ],
    ["  registries:\n    - {kind: local}\n", "spec.registries[0].name: Required value", 7],
    [
      "  registries:\n    - {name: a, kind: ecr}\n    - {name: b, kind: ecr}\n",
      'spec.registries[1].host: Duplicate value: "123456789012.dkr.ecr.us-east-1.amazonaws.com"',
      8,
    ],
    [
      "  registries:\n    - {name: hub, kind: dockerhub}\n",
      'spec.registries[0].host: Duplicate value: "docker.io": Docker Hub is the registry named "dockerhub"',
      7,
    ],
  ])("%j", (spec, message, line) => {
    const errors = loadErrors([source(`${SCENARIO_HEAD}spec:\n${spec}`)]);
    expect(errors.map((e) => e.message)).toEqual([message]);
    expect(errors[0]?.line).toBe(line);
  });

  it.each([
    ["apiVersion: kubeclass.dev/v1\nkind: Scenario\nmetadata: {}\n", "metadata.name: Required value"],
    [
      "apiVersion: kubeclass.dev/v1\nkind: Scenario\nmetadata: {name: My Scenario}\n",
      expect.stringMatching(/^metadata\.name: Invalid value: "My Scenario": a lowercase RFC 1123 subdomain/),
    ],
    [
      "apiVersion: kubeclass.dev/v1\nkind: Scenario\nmetadata: {name: x}\nstatus: {}\n",
      'unknown field "status"',
    ],
    [
      "apiVersion: kubeclass.dev/v1\nkind: Scenaro\nmetadata: {name: x}\n",
      'no matches for kind "Scenaro" in version "kubeclass.dev/v1"',
    ],
  ])("%j", (text, message) => {
    expect(loadErrors([source(text)]).map((e) => e.message)).toEqual([message]);
  });

  it("allows one Scenario document across all files", () => {
    const errors = loadErrors([
      source(SCENARIO_HEAD, "a.yaml"),
      source(`# second\n${SCENARIO_HEAD}`, "b.yaml"),
    ]);
    expect(errors).toEqual([
      {
        file: "b.yaml",
        document: 1,
        kind: "Scenario",
        name: "test",
        message: "a scenario has at most one Scenario document (the first is a.yaml: document 1)",
        line: 2,
      },
    ]);
  });
});
