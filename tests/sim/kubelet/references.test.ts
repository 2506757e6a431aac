import { describe, expect, it } from "vitest";
import { out } from "../../kubectl/fixtures.ts";
import { docs, engineFromYaml, eventsOf, nodeYaml, oneNode, podOf, runUntil } from "../harness.ts";

/**
 * What the kubelet and the scheduler do with references to objects that are not there: a missing
 * ConfigMap or Secret volume keeps the pod ContainerCreating (FailedMount), a missing variable source
 * is CreateContainerConfigError, a missing claim keeps the pod Pending, an optional reference is fine,
 * and creating the object lets the pod go on.
 */
const pod = (spec: Record<string, unknown>, container: Record<string, unknown> = {}) =>
  JSON.stringify({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p" },
    spec: {
      containers: [{ name: "c", image: "busybox:1.36", command: ["sleep", "3600"], ...container }],
      ...spec,
    },
  });
const configMap = (name: string, data: Record<string, string>) =>
  JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data });
const status = (engine: ReturnType<typeof engineFromYaml>) =>
  out(engine, "get pod p --no-headers").trim().split(/\s+/)[2];

describe("missing references", () => {
  it.each([
    [
      "a ConfigMap volume",
      pod(
        { volumes: [{ name: "cfg", configMap: { name: "x" } }] },
        { volumeMounts: [{ name: "cfg", mountPath: "/c" }] },
      ),
      "ContainerCreating",
      "FailedMount",
      'MountVolume.SetUp failed for volume "cfg" : configmap "x" not found',
    ],
    [
      "a Secret volume",
      pod(
        { volumes: [{ name: "s", secret: { secretName: "x" } }] },
        { volumeMounts: [{ name: "s", mountPath: "/s" }] },
      ),
      "ContainerCreating",
      "FailedMount",
      'MountVolume.SetUp failed for volume "s" : secret "x" not found',
    ],
    [
      "a Secret key for a variable",
      pod({}, { env: [{ name: "A", valueFrom: { secretKeyRef: { name: "x", key: "k" } } }] }),
      "CreateContainerConfigError",
      "Failed",
      'Error: secret "x" not found',
    ],
    [
      "a ConfigMap key for a variable",
      pod({}, { env: [{ name: "A", valueFrom: { configMapKeyRef: { name: "x", key: "k" } } }] }),
      "CreateContainerConfigError",
      "Failed",
      'Error: configmap "x" not found',
    ],
    [
      "a ConfigMap for envFrom",
      pod({}, { envFrom: [{ configMapRef: { name: "x" } }] }),
      "CreateContainerConfigError",
      "Failed",
      'Error: configmap "x" not found',
    ],
    [
      "a PersistentVolumeClaim",
      pod({ volumes: [{ name: "d", persistentVolumeClaim: { claimName: "x" } }] }),
      "Pending",
      "FailedScheduling",
      '0/1 nodes are available: persistentvolumeclaim "x" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    ],
  ])("%s", (_what, manifest, expected, reason, message) => {
    const engine = engineFromYaml(oneNode(manifest));
    engine.runFor(30_000);
    expect(status(engine)).toBe(expected);
    expect(eventsOf(engine, "p").find((e) => e.reason === reason)?.message).toBe(message);
    if (expected === "ContainerCreating") expect(podOf(engine, "p").status.podIP).toBeUndefined();
  });

  it.each([
    [
      "an optional ConfigMap volume",
      pod({ volumes: [{ name: "cfg", configMap: { name: "x", optional: true } }] }),
    ],
    [
      "an optional Secret key",
      pod({}, { env: [{ name: "A", valueFrom: { secretKeyRef: { name: "x", key: "k", optional: true } } }] }),
    ],
    ["an optional envFrom Secret", pod({}, { envFrom: [{ secretRef: { name: "x", optional: true } }] })],
  ])("%s is no error: the pod runs", (_what, manifest) => {
    const engine = engineFromYaml(oneNode(manifest));
    engine.runFor(30_000);
    expect(status(engine)).toBe("Running");
  });

  it("a missing key names the key and the ConfigMap", () => {
    const engine = engineFromYaml(
      oneNode(
        configMap("x", { a: "1" }),
        pod({}, { env: [{ name: "A", valueFrom: { configMapKeyRef: { name: "x", key: "b" } } }] }),
      ),
    );
    engine.runFor(30_000);
    expect(eventsOf(engine, "p").find((e) => e.reason === "Failed")?.message).toBe(
      "Error: couldn't find key b in ConfigMap default/x",
    );
  });

  it("FailedMount is retried with back-off (0.5 s doubling to 2m2s) and times out every 2m3s", () => {
    const engine = engineFromYaml(
      oneNode(
        pod(
          { volumes: [{ name: "cfg", configMap: { name: "x" } }] },
          { volumeMounts: [{ name: "cfg", mountPath: "/c" }] },
        ),
      ),
    );
    engine.runFor(250_000);
    const failed = eventsOf(engine, "p").filter((e) => e.reason === "FailedMount");
    const setUp = failed.filter((e) => e.message.startsWith("MountVolume.SetUp failed"));
    const gaps = setUp.slice(1).map((e, i) => e.eventTime - (setUp[i]?.eventTime ?? 0));
    expect(gaps.slice(0, 5)).toEqual([500, 1000, 2000, 4000, 8000]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(122_000);
    expect(
      failed.filter((e) => e.message.startsWith("Unable to attach or mount volumes")).map((e) => e.message),
    ).toEqual([
      "Unable to attach or mount volumes: unmounted volumes=[cfg], unattached volumes=[], failed to process volumes=[]: timed out waiting for the condition",
      "Unable to attach or mount volumes: unmounted volumes=[cfg], unattached volumes=[], failed to process volumes=[]: timed out waiting for the condition",
    ]);
  });

  it("creating the missing ConfigMap lets the pod start at the volume manager's next retry", () => {
    const engine = engineFromYaml(
      oneNode(
        pod(
          { volumes: [{ name: "cfg", configMap: { name: "x" } }] },
          { volumeMounts: [{ name: "cfg", mountPath: "/c" }] },
        ),
      ),
    );
    engine.runFor(20_000);
    engine.apply("user", { type: "Apply", manifest: JSON.parse(configMap("x", { a: "1" })) });
    runUntil(engine, () => status(engine) === "Running", 60_000);
  });

  it("creating the missing Secret ends CreateContainerConfigError within the pod worker's 10 s back-off", () => {
    const engine = engineFromYaml(
      oneNode(pod({}, { env: [{ name: "A", valueFrom: { secretKeyRef: { name: "x", key: "k" } } }] })),
    );
    engine.runFor(20_000);
    engine.apply("user", {
      type: "Apply",
      manifest: { apiVersion: "v1", kind: "Secret", metadata: { name: "x" }, stringData: { k: "v" } },
    });
    const took = runUntil(engine, () => status(engine) === "Running", 30_000);
    expect(took).toBeLessThanOrEqual(11_000);
  });

  it("a ServiceAccount that does not exist refuses the pod (ServiceAccount admission)", () => {
    const engine = engineFromYaml(docs(nodeYaml("worker-1")));
    const result = engine.apply("user", {
      type: "Apply",
      manifest: JSON.parse(pod({ serviceAccountName: "robot" })),
    });
    expect(result).toMatchObject({
      ok: false,
      message:
        'pods "p" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found',
    });
  });
});
