import { describe, expect, it } from "vitest";
import { podRequests } from "../../../shared/sim/apiserver/objects.ts";
import { out } from "../../kubectl/fixtures.ts";
import { engineFromYaml, eventsOf, oneNode, podOf, runUntil } from "../harness.ts";

/**
 * Init containers run one at a time before the app, and kubectl words every stage as it does
 * (Init:0/2, Init:Error, Init:CrashLoopBackOff, PodInitializing); sidecars (restartPolicy: Always)
 * start in order, keep running, count in READY, and stop when a finished pod's app is done.
 */
const sh = (name: string, script: string, extra: Record<string, unknown> = {}) => ({
  name,
  image: "busybox:1.36",
  command: ["sh", "-c", script],
  ...extra,
});
const pod = (init: unknown[], containers: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p" },
    spec: { initContainers: init, containers, ...extra },
  });
const row = (engine: ReturnType<typeof engineFromYaml>) => {
  const [, ready = "", status = "", restarts = ""] = out(engine, "get pod p --no-headers")
    .trim()
    .split(/\s+/);
  return [ready, status, restarts];
};

describe("kubectl's STATUS through initialization", () => {
  it.each([
    // [init containers, seconds, READY, STATUS]
    [
      "two waiting init containers, the first running",
      [sh("a", "sleep 30"), sh("b", "sleep 30")],
      5,
      "0/1",
      "Init:0/2",
    ],
    ["the first done, the second running", [sh("a", "sleep 3"), sh("b", "sleep 30")], 10, "0/1", "Init:1/2"],
    ["both done: the app runs", [sh("a", "true"), sh("b", "true")], 15, "1/1", "Running"],
    [
      "a failing init container, retried with back-off",
      [sh("a", "exit 1")],
      15,
      "0/1",
      "Init:CrashLoopBackOff",
    ],
    [
      "a missing binary",
      [{ name: "a", image: "busybox:1.36", command: ["/no/such"] }],
      15,
      "0/1",
      "Init:CrashLoopBackOff",
    ],
  ])("%s: %s s → READY %s, STATUS %s", (_what, init, seconds, ready, status) => {
    const engine = engineFromYaml(oneNode(pod(init, [sh("app", "sleep 3600")])));
    engine.runFor(seconds * 1000);
    expect(row(engine).slice(0, 2)).toEqual([ready, status]);
  });

  it("restartPolicy Never: a failed init container fails the pod (Init:Error), the app never starts", () => {
    const engine = engineFromYaml(
      oneNode(pod([sh("a", "exit 3")], [sh("app", "sleep 3600")], { restartPolicy: "Never" })),
    );
    runUntil(engine, () => podOf(engine, "p").status.phase === "Failed", 30_000);
    expect(row(engine)).toEqual(["0/1", "Init:Error", "0"]);
    expect(eventsOf(engine, "p").some((e) => e.message === "Created container app")).toBe(false);
  });

  it("the Initialized condition names the init containers not done yet", () => {
    const engine = engineFromYaml(
      oneNode(pod([sh("a", "sleep 30"), sh("b", "true")], [sh("app", "sleep 3600")])),
    );
    engine.runFor(5000);
    expect(podOf(engine, "p").status.conditions.find((c) => c.type === "Initialized")).toMatchObject({
      status: "False",
      reason: "ContainersNotInitialized",
      message: "containers with incomplete status: [a b]",
    });
    expect(podOf(engine, "p").status.containerStatuses[0]?.state).toEqual({
      waiting: { reason: "PodInitializing" },
    });
  });

  it("the app's status reads PodInitializing while its image is pulled after initialization", () => {
    const engine = engineFromYaml(oneNode(pod([sh("a", "true")], [{ name: "app", image: "nginx:1.27" }])));
    runUntil(engine, () => podOf(engine, "p").status.initContainerStatuses?.[0]?.ready === true, 30_000);
    expect(row(engine)[1]).toBe("PodInitializing");
    runUntil(engine, () => row(engine)[1] === "Running", 60_000);
  });

  it("init containers run one at a time, in order, and each only after the previous succeeded", () => {
    const engine = engineFromYaml(
      oneNode(pod([sh("a", "sleep 2"), sh("b", "sleep 2"), sh("c", "sleep 2")], [sh("app", "sleep 3600")])),
    );
    runUntil(engine, () => podOf(engine, "p").status.phase === "Running", 60_000);
    const started = eventsOf(engine, "p")
      .filter((e) => e.reason === "Started")
      .map((e) => [e.message.replace("Started container ", ""), e.eventTime]);
    expect(started.map(([name]) => name)).toEqual(["a", "b", "c", "app"]);
    for (let i = 1; i < started.length; i++) {
      expect((started[i]?.[1] as number) - (started[i - 1]?.[1] as number)).toBeGreaterThanOrEqual(2000);
    }
  });
});

describe("sidecars (restartPolicy: Always)", () => {
  it("start before the app, keep running, and count in READY", () => {
    const engine = engineFromYaml(
      oneNode(
        pod(
          [sh("proxy", "sleep 3600", { restartPolicy: "Always" }), sh("setup", "true")],
          [sh("app", "sleep 3600")],
        ),
      ),
    );
    engine.runFor(15_000);
    expect(row(engine)).toEqual(["2/2", "Running", "0"]);
    const names = eventsOf(engine, "p")
      .filter((e) => e.reason === "Started")
      .map((e) => e.message);
    expect(names).toEqual(["Started container proxy", "Started container setup", "Started container app"]);
  });

  it("a sidecar's startup probe holds the next container back until it passes", () => {
    const engine = engineFromYaml(
      oneNode(
        pod(
          [
            sh("config", "sleep 10; touch /tmp/ready; sleep 3600", {
              restartPolicy: "Always",
              startupProbe: {
                exec: { command: ["test", "-f", "/tmp/ready"] },
                periodSeconds: 2,
                failureThreshold: 30,
              },
            }),
          ],
          [sh("app", "sleep 3600")],
        ),
      ),
    );
    engine.runFor(8000);
    expect(row(engine).slice(0, 2)).toEqual(["0/2", "Init:0/1"]);
    engine.runFor(15_000);
    expect(row(engine)).toEqual(["2/2", "Running", "0"]);
  });

  it("a sidecar that exits is restarted, whatever the pod's restartPolicy", () => {
    const engine = engineFromYaml(
      oneNode(
        pod([sh("log", "sleep 5; exit 1", { restartPolicy: "Always" })], [sh("app", "sleep 3600")], {
          restartPolicy: "Never",
        }),
      ),
    );
    engine.runFor(30_000);
    expect(podOf(engine, "p").status.initContainerStatuses?.[0]?.restartCount).toBeGreaterThanOrEqual(1);
    expect(podOf(engine, "p").status.phase).toBe("Running");
  });

  it("stop when the app of a finished pod is done: the pod Succeeds", () => {
    const engine = engineFromYaml(
      oneNode(
        pod([sh("proxy", "sleep 3600", { restartPolicy: "Always" })], [sh("job", "sleep 5")], {
          restartPolicy: "Never",
          terminationGracePeriodSeconds: 2,
        }),
      ),
    );
    runUntil(engine, () => podOf(engine, "p").status.phase === "Succeeded", 60_000);
    expect(eventsOf(engine, "p").map((e) => e.message)).toContain("Stopping container proxy");
    expect(row(engine)).toEqual(["0/2", "Completed", "0"]);
  });
});

describe("the pod's effective request (PodRequests)", () => {
  const c = (cpu: string, memory: string, restartPolicy?: "Always") => ({
    name: "x",
    image: "busybox",
    imagePullPolicy: "IfNotPresent" as const,
    resources: { requests: { cpu, memory } },
    ...(restartPolicy ? { restartPolicy } : {}),
  });
  const base = {
    tolerations: [],
    restartPolicy: "Always" as const,
    imagePullSecrets: [],
    priority: 0,
    schedulerName: "default-scheduler",
    terminationGracePeriodSeconds: 30,
  };
  it.each([
    ["app only", [], [c("500m", "256Mi")], 500, 256],
    ["an init container bigger than the app", [c("2", "1Gi")], [c("500m", "256Mi")], 2000, 1024],
    ["an init container smaller than the app", [c("100m", "64Mi")], [c("500m", "256Mi")], 500, 256],
    ["a sidecar adds to the app", [c("200m", "128Mi", "Always")], [c("500m", "256Mi")], 700, 384],
    [
      "an init container after a sidecar runs beside it",
      [c("200m", "128Mi", "Always"), c("1", "512Mi")],
      [c("500m", "256Mi")],
      1200,
      640,
    ],
  ])("%s", (_what, initContainers, containers, cpu, mib) => {
    expect(podRequests({ ...base, initContainers, containers })).toEqual({ cpu, memory: mib * 1024 * 1024 });
  });
});
