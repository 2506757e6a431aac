import { describe, expect, it } from "vitest";
import { formatScenarioError, loadScenario } from "../../shared/scenario/load.ts";
import { fixture, loadErrors, loadOk, SCENARIO_HEAD, source } from "./helpers.ts";

const POD = (name: string, extra = "") => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
${extra}spec:
  containers:
    - name: app
      image: nginx:1.27
`;

describe("a multi-file scenario (fixtures/shop)", () => {
  const scenario = loadOk(fixture("shop"));

  it("reads the Scenario document", () => {
    expect(scenario.name).toBe("shop");
    expect(scenario.title).toBe("The shop");
    expect(scenario.description).toBe("A web tier pulled from a local registry, with a registry outage.");
    expect(scenario.seed).toBe(7);
    expect(scenario.startTime).toBe(Date.UTC(2025, 2, 1, 9, 0, 0));
    expect(scenario.durationSeconds).toBe(1800);
    expect(scenario.registries).toEqual([
      { name: "local", kind: "local", host: "registry.local:5000", pullSecrets: ["local-pull-secret"] },
    ]);
  });

  it("loads the simulated objects in file order, Namespaces first", () => {
    expect(scenario.objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`)).toEqual(
      [
        "Namespace//shop",
        "Deployment/shop/web",
        "ConfigMap/shop/web-config",
        "Service/shop/web",
        "ServiceAccount/shop/web",
      ],
    );
    const deployment = scenario.objects[1];
    expect(deployment?.kind === "Deployment" && deployment.spec.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: 1, maxUnavailable: "25%" },
    });
  });

  it("lists what is not simulated, per file, document and object", () => {
    expect(scenario.notSimulated).toEqual([
      '10-app.yaml: document 1 (Deployment "web"): spec.template.spec.securityContext is not simulated',
      '10-app.yaml: document 1 (Deployment "web"): spec.template.spec.containers[0].securityContext is not simulated',
      '20-scenario.yaml: document 1 (Scenario "shop"): spec.timeline[2].manifest.spec.containers[0].stdin is not simulated',
      '20-scenario.yaml: document 1 (Scenario "shop"): spec.timeline[2].manifest.spec.containers[0].tty is not simulated',
    ]);
  });

  it("sorts the timeline by time, keeping the written order of equal times", () => {
    expect(scenario.timeline.map((s) => [s.at, s.command.type])).toEqual([
      [60_000, "UncordonNode"],
      [90_000, "CordonNode"],
      [90_000, "Apply"],
      [600_000, "RegistryOutage"],
    ]);
    expect(scenario.timeline[3]?.command).toEqual({
      type: "RegistryOutage",
      registry: "local",
      durationSeconds: 120,
    });
  });

  it("puts Namespaces first even when their file comes last", () => {
    const reversed = loadOk([...fixture("shop")].reverse());
    expect(reversed.timeline).toEqual(scenario.timeline);
    expect(reversed.objects.map((o) => o.kind)).toEqual([
      "Namespace",
      "Deployment",
      "ConfigMap",
      "Service",
      "ServiceAccount",
    ]);
    expect([...reversed.notSimulated].sort()).toEqual([...scenario.notSimulated].sort());
  });
});

describe("errors from every file and document, located", () => {
  const errors = loadErrors(fixture("broken"));

  it("collects all of them with file, document, object, field and line", () => {
    expect(errors.map(formatScenarioError)).toEqual([
      expect.stringMatching(
        /^pods\.yaml: document 2 \(Pod "web"\), line 15: metadata\.labels: Invalid value: "front end": a valid label must be/,
      ),
      'pods.yaml: document 2 (Pod "web"), line 19: spec.containers[0].image: Required value',
      'pods.yaml: document 2 (Pod "web"), line 22: spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
      'pods.yaml: document 2 (Pod "web"), line 17: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'pods.yaml: document 3 (Pod "typo"), line 33: unknown field "spec.containers[0].imagee"',
      'pods.yaml: document 5 (Deploymnet "api"), line 37: no matches for kind "Deploymnet" in version "apps/v1"',
      'scenario.yaml: document 2 (Scenario "second"), line 29: a scenario has at most one Scenario document (the first is scenario.yaml: document 1)',
      'scenario.yaml: document 1 (Scenario "broken"), line 8: spec.timeline[0].at: Invalid value: "90x": must be a duration such as "90s", "1m30s" or "500ms"',
      'scenario.yaml: document 1 (Scenario "broken"), line 23: spec.timeline[2].manifest.spec.containers[0].image: Required value',
      'scenario.yaml: document 1 (Scenario "broken"), line 13: spec.timeline[1].node: Not found: "worker-9": known nodes: "worker-1", "worker-2", "worker-3"',
      'scenario.yaml: document 1 (Scenario "broken"), line 26: spec.timeline[3].registry: Not found: "quay": known registries: "dockerhub"',
    ]);
  });

  it("keeps the parts apart for the UI", () => {
    expect(errors[1]).toEqual({
      file: "pods.yaml",
      document: 2,
      kind: "Pod",
      name: "web",
      field: "spec.containers[0].image",
      message: "spec.containers[0].image: Required value",
      line: 19,
    });
  });
});

describe("loading rules", () => {
  it("skips empty documents and comments, counting documents as written", () => {
    const scenario = loadOk([
      source(`# nothing here\n---\n${POD("a")}---\n---\n# still nothing\n---\n${POD("b")}`),
    ]);
    expect(scenario.objects.map((o) => o.metadata.name)).toEqual(["a", "b"]);
    const errors = loadErrors([
      source(`---\n${POD("a")}---\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: c\n`),
    ]);
    expect(errors.map((e) => [e.document, e.line, e.message])).toEqual([
      [3, 12, "spec.containers: Required value"],
    ]);
  });

  it("names a scenario without a Scenario document after its first file", () => {
    const scenario = loadOk([source(POD("web"), "scenarios/hello-web.yaml"), source(POD("api"), "b.yaml")]);
    expect([scenario.name, scenario.title, scenario.description, scenario.seed]).toEqual([
      "hello-web",
      "hello-web",
      "",
      1,
    ]);
    expect(scenario.startTime).toBe(Date.UTC(2025, 0, 1));
    expect(scenario.timeline).toEqual([]);
    expect(scenario.registries).toEqual([]);
  });

  it("rejects an object declared twice, as kubectl create would", () => {
    const errors = loadErrors([
      source(POD("web"), "a.yaml"),
      source(`${POD("other")}---\n${POD("web")}`, "b.yaml"),
    ]);
    expect(errors.map(formatScenarioError)).toEqual([
      'b.yaml: document 2 (Pod "web"), line 13: pods "web" already exists (declared first in a.yaml: document 1)',
    ]);
  });

  it("names the group of an apps kind in the already-exists message", () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers: [{name: web, image: nginx}]
`;
    const errors = loadErrors([source(`${deployment}---\n${deployment}`)]);
    expect(errors[0]?.message).toBe(
      'deployments.apps "web" already exists (declared first in test.yaml: document 1)',
    );
  });

  it("allows the same name in different namespaces or kinds", () => {
    const ns = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n";
    const scenario = loadOk([source(`${POD("web")}---\n${POD("web", "  namespace: shop\n")}---\n${ns}`)]);
    expect(scenario.objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`)).toEqual(
      ["Namespace//shop", "Pod/default/web", "Pod/shop/web"],
    );
  });

  it("requires the namespace of an object to exist", () => {
    const errors = loadErrors([source(POD("web", "  namespace: shop\n"))]);
    expect(errors.map(formatScenarioError)).toEqual([
      'test.yaml: document 1 (Pod "web"), line 5: namespaces "shop" not found',
    ]);
    expect(loadOk([source(POD("web", "  namespace: kube-system\n"))]).objects).toHaveLength(1);
  });

  it("expands a v1 List into its items", () => {
    const list = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Namespace
    metadata:
      name: shop
  - apiVersion: v1
    kind: Pod
    metadata:
      name: web
      namespace: shop
    spec:
      containers:
        - name: app
`;
    const errors = loadErrors([source(list)]);
    expect(errors.map(formatScenarioError)).toEqual([
      'test.yaml: document 1 (Pod "web"), line 15: items[1].spec.containers[0].image: Required value',
    ]);
    const fixed = loadOk([source(`${list}          image: nginx\n`)]);
    expect(fixed.objects.map((o) => o.kind)).toEqual(["Namespace", "Pod"]);
  });

  it("loads nothing when any file fails", () => {
    const result = loadScenario([
      source(POD("fine"), "good.yaml"),
      source("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {}\n", "bad.yaml"),
    ]);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((e) => e.file)).toEqual(["bad.yaml"]);
  });

  it("reads YAML as kubectl does: yes is a boolean, timestamps stay strings", () => {
    const errors = loadErrors([
      source(`${POD("web")}      env:\n        - name: DEBUG\n          value: yes\n`),
    ]);
    expect(errors.map((e) => e.message)).toEqual([
      "json: cannot unmarshal bool into Go struct field EnvVar.spec.containers.env.value of type string",
    ]);
    expect(errors[0]?.line).toBe(11);
    const scenario = loadOk([source(`${SCENARIO_HEAD}spec:\n  startTime: 2025-06-01T08:30:00Z\n`)]);
    expect(scenario.startTime).toBe(Date.UTC(2025, 5, 1, 8, 30));
  });
});

describe("YAML syntax errors", () => {
  it("reports them with file, document and line, and keeps checking other documents", () => {
    const errors = loadErrors([
      source(
        `${POD("a")}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [b\n---\n${POD("c", "  labels: {bad key: x}\n")}`,
      ),
    ]);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ file: "test.yaml", document: 2 });
    expect(errors[0]?.message).toMatch(/^yaml: /);
    expect(errors[0]?.line).toBeGreaterThanOrEqual(13);
    expect(errors[1]).toMatchObject({
      document: 3,
      kind: "Pod",
      name: "c",
      field: "metadata.labels",
      line: 19,
    });
  });

  it("reports duplicate keys", () => {
    const errors = loadErrors([source("apiVersion: v1\nkind: Pod\nkind: Pod\n")]);
    expect(errors[0]).toMatchObject({ document: 1, line: 3 });
    expect(errors[0]?.message).toMatch(/^yaml: Map keys must be unique/);
  });
});

describe("formatScenarioError", () => {
  it.each([
    [
      {
        file: "web.yaml",
        document: 2,
        kind: "Pod",
        name: "web",
        line: 14,
        message: "spec.containers[0].image: Required value",
      },
      'web.yaml: document 2 (Pod "web"), line 14: spec.containers[0].image: Required value',
    ],
    [{ file: "a.yaml", document: 1, message: "yaml: bad" }, "a.yaml: document 1: yaml: bad"],
    [{ file: "a.yaml", document: 3, kind: "Pod", message: "x" }, "a.yaml: document 3 (Pod): x"],
  ])("%j", (error, text) => {
    expect(formatScenarioError(error)).toBe(text);
  });
});
