import { describe, expect, it } from "vitest";
import { catalogueImage, catalogueLayerSize } from "../../../shared/sim/catalogue/catalogue.ts";
import { pullProgress } from "../../../shared/sim/runtime/puller.ts";
import {
  containerOf,
  docs,
  engineFromYaml,
  eventsOf,
  nodeYaml,
  oneNode,
  podOf,
  podYaml,
  reasonsOf,
  runUntil,
  waitingReason,
} from "../harness.ts";

describe("imagePullPolicy defaults", () => {
  it.each([
    ["nginx", "Always"],
    ["nginx:latest", "Always"],
    ["nginx:1.27", "IfNotPresent"],
    ["docker.io/library/nginx:1.27", "IfNotPresent"],
    [`nginx@sha256:${"a".repeat(64)}`, "IfNotPresent"],
    [`nginx:1.27@sha256:${"a".repeat(64)}`, "IfNotPresent"],
  ])("%s -> %s", (image, policy) => {
    const engine = engineFromYaml(oneNode(podYaml("p", { image })));
    expect(podOf(engine, "p").spec.containers[0]?.imagePullPolicy).toBe(policy);
  });
});

describe("pulling images", () => {
  it("pulls layer by layer at the node's bandwidth, then creates and starts the container", () => {
    const engine = engineFromYaml(oneNode(podYaml("web", { image: "nginx:1.27" })));
    runUntil(engine, () => podOf(engine, "web").status.phase === "Running");
    expect(reasonsOf(engine, "web")).toEqual(["Scheduled", "Pulling", "Pulled", "Created", "Started"]);
    const pulled = eventsOf(engine, "web").find((e) => e.reason === "Pulled");
    const manifest = catalogueImage("docker.io/library/nginx:1.27");
    expect(pulled?.message).toMatch(
      new RegExp(
        `^Successfully pulled image "nginx:1\\.27" in [0-9.]+m?s \\([0-9.]+m?s including waiting\\)\\. Image size: ${manifest?.size} bytes\\.$`,
      ),
    );
    // 70 MB from Docker Hub to a Local node (40 MB/s registry link, 125 MB/s NIC) takes about 1.75 s + 400 ms.
    const pulling = eventsOf(engine, "web").find((e) => e.reason === "Pulling");
    const took = (pulled?.eventTime ?? 0) - (pulling?.eventTime ?? 0);
    expect(took).toBeGreaterThanOrEqual(2000);
    expect(took).toBeLessThanOrEqual(2400);
    expect(engine.state.nodes["worker-1"]?.status.images[0]?.names).toContain("docker.io/library/nginx:1.27");
    expect(containerOf(engine, "web").imageID).toBe(`docker.io/library/nginx@${manifest?.digest}`);
  });

  it("shows progress per layer while a pull is under way", () => {
    const engine = engineFromYaml(oneNode(podYaml("db", { image: "postgres:17" })));
    runUntil(
      engine,
      () => (engine.state.machines["worker-1"]?.pulls[0]?.downloadStartAt ?? Infinity) < engine.now - 1000,
    );
    const pull = engine.state.machines["worker-1"]?.pulls[0];
    if (!pull) throw new Error("no pull");
    const progress = pullProgress(pull, engine.now);
    const done = progress.reduce((s, l) => s + l.downloaded, 0);
    const total = progress.reduce((s, l) => s + l.size, 0);
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(total);
    expect(progress[0]?.downloaded).toBe(progress[0]?.size); // the base layer comes first
  });

  it("skips layers already in the content store (nginx 1.26 after 1.27: only the bookworm base is shared)", () => {
    const engine = engineFromYaml(oneNode(podYaml("a", { image: "nginx:1.27" })));
    runUntil(engine, () => podOf(engine, "a").status.phase === "Running");
    engine.apply("scenario", { type: "Apply", manifest: JSON.parse(podYaml("b", { image: "nginx:1.26" })) });
    runUntil(
      engine,
      () =>
        (engine.state.machines["worker-1"]?.pulls.length ?? 0) > 0 &&
        engine.state.machines["worker-1"]?.pulls[0]?.layers !== undefined,
    );
    const layers = engine.state.machines["worker-1"]?.pulls[0]?.layers ?? [];
    expect(layers.filter((l) => l.cached).map((l) => l.size)).toEqual([
      catalogueLayerSize(layers[0]?.digest ?? ""),
    ]);
    expect(layers.filter((l) => !l.cached)).toHaveLength(6);
  });

  it("pulls serially per node: the second pull waits for the first", () => {
    const engine = engineFromYaml(
      oneNode(podYaml("a", { image: "postgres:17" }), podYaml("b", { image: "redis:7.4" })),
    );
    runUntil(
      engine,
      () => podOf(engine, "a").status.phase === "Running" && podOf(engine, "b").status.phase === "Running",
    );
    const pulledA = eventsOf(engine, "a").find((e) => e.reason === "Pulled");
    const pulledB = eventsOf(engine, "b").find((e) => e.reason === "Pulled");
    const [first, second] =
      (pulledA?.eventTime ?? 0) < (pulledB?.eventTime ?? 0) ? [pulledA, pulledB] : [pulledB, pulledA];
    const match = /in ([0-9.]+)(m?s) \(([0-9.]+)(m?s) including waiting\)/.exec(second?.message ?? "");
    const toMs = (v?: string, u?: string) => Number(v) * (u === "ms" ? 1 : 1000);
    expect(toMs(match?.[3], match?.[4])).toBeGreaterThan(toMs(match?.[1], match?.[2]));
    expect(first?.message).toMatch(/in ([0-9.]+m?s) \(\1 including waiting\)/);
  });

  it("a pod's containers are pulled and started one after the other, as SyncPod does", () => {
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  containers:
    - {name: web, image: "nginx:1.27"}
    - {name: cache, image: "redis:7.4"}
    - {name: typo, image: "ngnix:1.27"}
    - {name: tools, image: "busybox:1.37", command: [sleep, "3600"]}`;
    const engine = engineFromYaml(oneNode(pod));
    runUntil(
      engine,
      () =>
        podOf(engine, "two").status.containerStatuses?.some(
          (c) => c.name === "tools" && "running" in c.state,
        ) === true,
    );
    const lines = eventsOf(engine, "two")
      .filter((e) => e.reason !== "BackOff" && !e.message.startsWith("Error: ImagePullBackOff"))
      .map((e) => `${e.reason} ${e.involvedObject.fieldPath ?? ""}`);
    expect(lines.slice(0, 14)).toEqual([
      "Scheduled ",
      "Pulling spec.containers{web}",
      "Pulled spec.containers{web}",
      "Created spec.containers{web}",
      "Started spec.containers{web}",
      "Pulling spec.containers{cache}",
      "Pulled spec.containers{cache}",
      "Created spec.containers{cache}",
      "Started spec.containers{cache}",
      "Pulling spec.containers{typo}",
      "Failed spec.containers{typo}",
      "Failed spec.containers{typo}",
      "Pulling spec.containers{tools}",
      "Pulled spec.containers{tools}",
    ]);
  });

  it("IfNotPresent with the image present says so and does not pull", () => {
    const engine = engineFromYaml(oneNode(podYaml("a", { image: "redis:7.4" })));
    runUntil(engine, () => podOf(engine, "a").status.phase === "Running");
    engine.apply("scenario", { type: "Apply", manifest: JSON.parse(podYaml("b", { image: "redis:7.4" })) });
    runUntil(engine, () => podOf(engine, "b").status.phase === "Running");
    expect(reasonsOf(engine, "b")).toEqual(["Scheduled", "Pulled", "Created", "Started"]);
    expect(eventsOf(engine, "b")[1]?.message).toBe('Container image "redis:7.4" already present on machine');
  });

  it("Always pulls again even when the image is present (a quick manifest check)", () => {
    const engine = engineFromYaml(oneNode(podYaml("a", { image: "redis" })));
    runUntil(engine, () => podOf(engine, "a").status.phase === "Running");
    engine.apply("scenario", { type: "Apply", manifest: JSON.parse(podYaml("b", { image: "redis" })) });
    runUntil(engine, () => podOf(engine, "b").status.phase === "Running");
    expect(reasonsOf(engine, "b")).toEqual(["Scheduled", "Pulling", "Pulled", "Created", "Started"]);
  });
});

describe("image errors", () => {
  it("Never with the image absent: ErrImageNeverPull", () => {
    const engine = engineFromYaml(oneNode(podYaml("p", { image: "nginx:1.27", imagePullPolicy: "Never" })));
    engine.runFor(5000);
    expect(waitingReason(engine, "p")).toBe("ErrImageNeverPull");
    const messages = eventsOf(engine, "p").map((e) => `${e.reason}: ${e.message}`);
    expect(messages).toContain(
      'ErrImageNeverPull: Container image "nginx:1.27" is not present with pull policy of Never',
    );
    expect(messages).toContain("Failed: Error: ErrImageNeverPull");
    expect(podOf(engine, "p").status.phase).toBe("Pending");
  });

  it("an unparseable image name: InvalidImageName", () => {
    const engine = engineFromYaml(oneNode(podYaml("p", { image: "NGINX:1.27" })));
    engine.runFor(5000);
    expect(waitingReason(engine, "p")).toBe("InvalidImageName");
    expect(eventsOf(engine, "p").map((e) => e.message)).toContain(
      'Failed to apply default image tag "NGINX:1.27": couldn\'t parse image name "NGINX:1.27": invalid reference format: repository name (library/NGINX) must be lowercase',
    );
  });

  it("a repository that does not exist: pull access denied, ErrImagePull then ImagePullBackOff", () => {
    const engine = engineFromYaml(oneNode(podYaml("p", { image: "ngnix:1.27" })));
    runUntil(engine, () => waitingReason(engine, "p") === "ErrImagePull");
    const failed = eventsOf(engine, "p").find((e) => e.reason === "Failed");
    expect(failed?.message).toBe(
      'Failed to pull image "ngnix:1.27": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/ngnix:1.27": failed to resolve reference "docker.io/library/ngnix:1.27": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    );
    runUntil(engine, () => waitingReason(engine, "p") === "ImagePullBackOff", 5000);
    expect(reasonsOf(engine, "p")).toEqual(["Scheduled", "Pulling", "Failed", "Failed", "BackOff", "Failed"]);
    expect(eventsOf(engine, "p").at(-2)?.message).toBe('Back-off pulling image "ngnix:1.27"');
  });

  it("a tag that does not exist: not found", () => {
    const engine = engineFromYaml(oneNode(podYaml("p", { image: "nginx:9.99" })));
    runUntil(engine, () => waitingReason(engine, "p") === "ErrImagePull");
    const state = containerOf(engine, "p").state;
    expect("waiting" in state && state.waiting.message).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:9.99": failed to resolve reference "docker.io/library/nginx:9.99": docker.io/library/nginx:9.99: not found',
    );
  });

  it("image pull back-off: 10 s doubling to the 300 s cap", () => {
    const engine = engineFromYaml(oneNode(podYaml("p", { image: "ngnix:1.27" })));
    engine.runFor(1_500_000);
    const attempts = eventsOf(engine, "p")
      .filter((e) => e.reason === "Failed" && e.message.startsWith("Failed to pull"))
      .map((e) => e.eventTime);
    const gaps = attempts.slice(1).map((t, i) => Math.round((t - (attempts[i] ?? 0)) / 1000));
    // Each gap is the back-off plus the ~0.4 s manifest round trip of the next attempt.
    expect(gaps.slice(0, 7)).toEqual([10, 20, 40, 80, 160, 300, 300]);
  });

  it("docker runtime nodes report Docker's error wording", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("worker-1", { annotations: { "kubeclass.dev/runtime": "docker" } }),
        podYaml("p", { image: "ngnix:1.27" }),
      ),
    );
    runUntil(engine, () => waitingReason(engine, "p") === "ErrImagePull");
    const state = containerOf(engine, "p").state;
    expect("waiting" in state && state.waiting.message).toBe(
      "Error response from daemon: pull access denied for ngnix, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    );
  });
});

describe("registries", () => {
  const scenario = (extra: string, ...pods: string[]) =>
    docs(
      `apiVersion: kubeclass.dev/v1
kind: Scenario
metadata: { name: registries }
spec:
${extra}`,
      nodeYaml("worker-1"),
      ...pods,
    );
  const ecr = `  registries:
    - name: ecr
      kind: ecr
      host: 123456789012.dkr.ecr.us-east-1.amazonaws.com
      pullSecrets: [ecr-creds]
  images:
    - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api
      tags: ["1.0"]
      from: python:3.13-slim
      layers: [{ size: 20Mi }]`;

  it("a private registry without credentials: pull access denied", () => {
    const engine = engineFromYaml(
      scenario(ecr, podYaml("api", { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:1.0" })),
    );
    runUntil(engine, () => waitingReason(engine, "api") === "ErrImagePull");
    const state = containerOf(engine, "api").state;
    expect("waiting" in state && state.waiting.message).toContain("pull access denied");
  });

  it("the same pull with the registry's imagePullSecret succeeds", () => {
    const engine = engineFromYaml(
      scenario(
        ecr,
        podYaml(
          "api",
          { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:1.0" },
          { imagePullSecrets: [{ name: "ecr-creds" }] },
        ),
      ),
    );
    runUntil(engine, () => podOf(engine, "api").status.phase === "Running");
    expect(reasonsOf(engine, "api")).toContain("Pulled");
  });

  it("Docker Hub's rate limit: the pull over the limit gets toomanyrequests", () => {
    const engine = engineFromYaml(
      scenario(
        `  registries:
    - name: dockerhub
      kind: dockerhub
      rateLimit: { pulls: 2, window: 1h }`,
        podYaml("a", { image: "busybox:1.37", command: ["sleep", "3600"] }),
        podYaml("b", { image: "redis:7.4" }),
        podYaml("c", { image: "nginx:1.27" }),
      ),
    );
    engine.runFor(20_000);
    const reasons = ["a", "b", "c"].map((p) => podOf(engine, p).status.phase);
    expect(reasons.filter((r) => r === "Running")).toHaveLength(2);
    const limited = ["a", "b", "c"].find((p) => podOf(engine, p).status.phase !== "Running") ?? "";
    const failure = eventsOf(engine, limited).find((e) => e.message.startsWith("Failed to pull"));
    expect(failure?.message).toContain(
      "429 Too Many Requests - Server message: toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit",
    );
  });

  it("a registry outage fails pulls in flight and new ones until it ends", () => {
    const engine = engineFromYaml(
      scenario(
        `  timeline:
    - { at: 2s, action: RegistryOutage, registry: dockerhub, durationSeconds: 60 }`,
        podYaml("db", { image: "postgres:17" }),
      ),
    );
    runUntil(engine, () => waitingReason(engine, "db") === "ErrImagePull");
    const failure = eventsOf(engine, "db").find((e) => e.message.startsWith("Failed to pull"));
    expect(failure?.message).toContain("503 Service Unavailable");
    const cachedBefore = Object.keys(engine.state.machines["worker-1"]?.layers ?? {}).length;
    expect(cachedBefore).toBeGreaterThan(0); // the base layer finished before the outage and stays on disk
    runUntil(engine, () => podOf(engine, "db").status.containerStatuses[0]?.imageID !== "", 200_000);
    expect(engine.now - engine.state.startTime).toBeGreaterThan(62_000);
  });
});
