import { describe, expect, it } from "vitest";
import { decodeManifest } from "../../../shared/sim/api/decode.ts";
import { out } from "../../kubectl/fixtures.ts";
import {
  deploymentYaml,
  engineFromYaml,
  eventsOf,
  oneNode,
  podOf,
  podYaml,
  readyPods,
  runUntil,
  serviceYaml,
} from "../harness.ts";

/**
 * The kubelet's prober: timing fields and their defaults, the three probe types, the four handlers,
 * Unhealthy and Killing events, readiness driving Ready, Endpoints and rollouts.
 */
const shell = (script: string) => ({ image: "busybox:1.36", command: ["sh", "-c", script] });
const unhealthy = (engine: ReturnType<typeof engineFromYaml>, pod: string) =>
  eventsOf(engine, pod).filter((e) => e.reason === "Unhealthy");
const killing = (engine: ReturnType<typeof engineFromYaml>, pod: string) =>
  eventsOf(engine, pod).filter((e) => e.reason === "Killing");
const startedAt = (engine: ReturnType<typeof engineFromYaml>, pod: string) => {
  const s = podOf(engine, pod).status.containerStatuses[0]?.state;
  return s && "running" in s ? s.running.startedAt : 0;
};

describe("probe defaults (SetDefaults_Probe)", () => {
  it("timeout 1 s, period 10 s, success 1, failure 3, no delay; httpGet path / and scheme HTTP", () => {
    const decoded = decodeManifest(
      JSON.parse(podYaml("p", { image: "nginx", livenessProbe: { httpGet: { port: 80 } } })),
    );
    if (!decoded.ok || decoded.object?.kind !== "Pod") throw new Error("not decoded");
    expect(decoded.object.spec.containers[0]?.livenessProbe).toEqual({
      httpGet: { path: "/", port: 80, scheme: "HTTP" },
      initialDelaySeconds: 0,
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(decoded.notSimulated).toEqual([]);
  });

  it.each([
    [{ livenessProbe: {} }, "spec.containers[0].livenessProbe: Required value: must specify a handler type"],
    [
      { livenessProbe: { exec: { command: ["true"] }, tcpSocket: { port: 80 } } },
      "spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type",
    ],
    [
      { livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 2 } },
      "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
    ],
    [
      { readinessProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: -1 } },
      "spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0",
    ],
    [
      { startupProbe: { httpGet: { port: 70000 } } },
      "spec.containers[0].startupProbe.httpGet.port: Invalid value: 70000: must be between 1 and 65535, inclusive",
    ],
  ])("%j is refused: %s", (probe, message) => {
    const decoded = decodeManifest(JSON.parse(podYaml("p", { image: "nginx", ...probe })));
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.message).toContain(message);
  });
});

describe("probe timing", () => {
  it.each([
    // [initialDelaySeconds, periodSeconds, failureThreshold, seconds from start to the Killing event]
    [0, 10, 3, 20],
    [5, 5, 3, 15],
    [3, 3, 3, 9],
    [10, 10, 1, 10],
    [0, 1, 5, 4],
  ])(
    "a liveness probe failing from the start (delay %i s, period %i s, failureThreshold %i) kills after ~%i s",
    (initialDelaySeconds, periodSeconds, failureThreshold, seconds) => {
      const engine = engineFromYaml(
        oneNode(
          podYaml("p", {
            ...shell("sleep 3600"),
            livenessProbe: {
              exec: { command: ["cat", "/tmp/nothing"] },
              initialDelaySeconds,
              periodSeconds,
              failureThreshold,
            },
          }),
        ),
      );
      runUntil(engine, () => killing(engine, "p").length > 0, 120_000);
      const took = (engine.now - startedAt(engine, "p")) / 1000;
      // Probes fall on the worker's period grid, which started when the kubelet added the pod.
      expect(took).toBeGreaterThanOrEqual(seconds);
      expect(took).toBeLessThan(seconds + periodSeconds);
      expect(unhealthy(engine, "p")).toHaveLength(failureThreshold);
      expect(unhealthy(engine, "p")[0]?.message).toBe(
        "Liveness probe failed: cat: can't open '/tmp/nothing': No such file or directory",
      );
      expect(killing(engine, "p")[0]?.message).toBe(
        "Container main failed liveness probe, will be restarted",
      );
    },
  );

  it("restartPolicy Never: the Killing event does not promise a restart, and the pod fails", () => {
    const engine = engineFromYaml(
      oneNode(
        podYaml(
          "p",
          { ...shell("sleep 3600"), livenessProbe: { exec: { command: ["false"] }, periodSeconds: 1 } },
          { restartPolicy: "Never", terminationGracePeriodSeconds: 1 },
        ),
      ),
    );
    runUntil(engine, () => podOf(engine, "p").status.phase === "Failed", 60_000);
    expect(killing(engine, "p")[0]?.message).toBe("Container main failed liveness probe");
  });

  it("a readiness probe with successThreshold 2 needs two successes in a row", () => {
    const engine = engineFromYaml(
      oneNode(
        podYaml("p", {
          ...shell("sleep 3600"),
          readinessProbe: { exec: { command: ["true"] }, periodSeconds: 5, successThreshold: 2 },
        }),
      ),
    );
    runUntil(engine, () => podOf(engine, "p").status.phase === "Running", 30_000);
    const start = startedAt(engine, "p");
    runUntil(engine, () => podOf(engine, "p").status.containerStatuses[0]?.ready === true, 30_000);
    // The first probe runs as the container starts (UpdatePodStatus triggers it), the second on the grid.
    expect(engine.now - start).toBeGreaterThan(0);
    expect(engine.now - start).toBeLessThanOrEqual(5000);
    expect(out(engine, "get pod p --no-headers")).toMatch(/^p\s+1\/1\s+Running/);
  });

  it("an exec probe that outlasts timeoutSeconds fails", () => {
    const engine = engineFromYaml(
      oneNode(
        podYaml("p", {
          ...shell("sleep 3600"),
          readinessProbe: { exec: { command: ["sleep", "5"] }, timeoutSeconds: 2 },
        }),
      ),
    );
    runUntil(engine, () => unhealthy(engine, "p").length > 0, 30_000);
    expect(unhealthy(engine, "p")[0]?.message).toBe('Readiness probe failed: command "sleep 5" timed out');
    expect(out(engine, "get pod p --no-headers")).toMatch(/^p\s+0\/1\s+Running\s+0/);
  });
});

describe("handlers", () => {
  it.each([
    [
      "httpGet to a port nothing listens on",
      { httpGet: { path: "/healthz", port: 8081 } },
      /^Readiness probe failed: Get "http:\/\/10\.244\.\d+\.\d+:8081\/healthz": dial tcp 10\.244\.\d+\.\d+:8081: connect: connection refused$/,
    ],
    [
      "tcpSocket to a closed port",
      { tcpSocket: { port: 9000 } },
      /^Readiness probe failed: dial tcp 10\.244\.\d+\.\d+:9000: connect: connection refused$/,
    ],
    [
      "grpc to a closed port",
      { grpc: { port: 9000 } },
      /^Readiness probe failed: timeout: failed to connect service "10\.244\.\d+\.\d+:9000" within 1s: context deadline exceeded$/,
    ],
    [
      "exec of a binary the image lacks",
      { exec: { command: ["redis-cli", "ping"] } },
      /^Readiness probe failed: OCI runtime exec failed: exec failed: unable to start container process: exec: "redis-cli": executable file not found in \$PATH: unknown$/,
    ],
  ])("%s fails with the prober's words", (_what, probe, message) => {
    const engine = engineFromYaml(oneNode(podYaml("p", { image: "nginx:1.27", readinessProbe: probe })));
    runUntil(engine, () => unhealthy(engine, "p").length > 0, 30_000);
    expect(unhealthy(engine, "p")[0]?.message).toMatch(message);
  });

  it.each([
    ["httpGet /", { httpGet: { path: "/", port: 80 } }],
    ["httpGet on a named port", { httpGet: { path: "/", port: "http" } }],
    ["tcpSocket", { tcpSocket: { port: 80 } }],
    ["exec", { exec: { command: ["cat", "/etc/hostname"] } }],
  ])("%s to nginx succeeds: Ready at once", (_what, probe) => {
    const engine = engineFromYaml(
      oneNode(
        podYaml("p", {
          image: "nginx:1.27",
          ports: [{ name: "http", containerPort: 80 }],
          readinessProbe: probe,
        }),
      ),
    );
    engine.runFor(15_000);
    expect(out(engine, "get pod p --no-headers")).toMatch(/^p\s+1\/1\s+Running\s+0/);
    expect(unhealthy(engine, "p")).toEqual([]);
  });
});

describe("startup probes", () => {
  it("hold liveness until they succeed; started stays false meanwhile", () => {
    const engine = engineFromYaml(
      oneNode(
        podYaml("p", {
          ...shell("sleep 20; touch /tmp/up; sleep 3600"),
          startupProbe: { exec: { command: ["cat", "/tmp/up"] }, periodSeconds: 5, failureThreshold: 30 },
          livenessProbe: { exec: { command: ["cat", "/tmp/up"] }, periodSeconds: 5 },
        }),
      ),
    );
    runUntil(engine, () => podOf(engine, "p").status.phase === "Running", 30_000);
    engine.runFor(10_000);
    expect(podOf(engine, "p").status.containerStatuses[0]).toMatchObject({ started: false, ready: false });
    runUntil(engine, () => podOf(engine, "p").status.containerStatuses[0]?.ready === true, 40_000);
    engine.runFor(60_000);
    expect(killing(engine, "p")).toEqual([]);
    expect(unhealthy(engine, "p").every((e) => e.message.startsWith("Startup probe failed: "))).toBe(true);
  });

  it("kill the container after failureThreshold failures", () => {
    const engine = engineFromYaml(
      oneNode(
        podYaml("p", {
          ...shell("sleep 3600"),
          startupProbe: { exec: { command: ["false"] }, periodSeconds: 2, failureThreshold: 3 },
        }),
      ),
    );
    runUntil(engine, () => killing(engine, "p").length > 0, 60_000);
    expect(killing(engine, "p")[0]?.message).toBe("Container main failed startup probe, will be restarted");
  });
});

describe("readiness drives Ready, Endpoints and rollouts", () => {
  it("a pod failing readiness is Running 0/1, its IP in notReadyAddresses, never restarted", () => {
    const engine = engineFromYaml(
      oneNode(
        serviceYaml("web", { app: "web" }),
        JSON.stringify({
          ...JSON.parse(
            podYaml("web", { image: "nginx:1.27", readinessProbe: { httpGet: { path: "/", port: 8080 } } }),
          ),
          metadata: { name: "web", labels: { app: "web" } },
        }),
      ),
    );
    engine.runFor(60_000);
    expect(out(engine, "get pod web --no-headers")).toMatch(/^web\s+0\/1\s+Running\s+0\s/);
    const subsets = engine.state.endpoints["default/web"]?.subsets ?? [];
    expect(subsets[0]?.addresses).toEqual([]);
    expect(subsets[0]?.notReadyAddresses.map((a) => a.targetRef?.name)).toEqual(["web"]);
    expect(podOf(engine, "web").status.conditions.find((c) => c.type === "Ready")).toMatchObject({
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unready status: [main]",
    });
    // kubectl lists only ready addresses in ENDPOINTS: the column is empty.
    expect(out(engine, "get endpoints web --no-headers")).not.toContain("10.244.");
  });

  it("a Deployment whose pods never get ready makes no replica available", () => {
    const d = JSON.parse(deploymentYaml("web", 2, "nginx:1.27"));
    d.spec.template.spec.containers[0].readinessProbe = { tcpSocket: { port: 81 }, periodSeconds: 2 };
    const engine = engineFromYaml(oneNode(JSON.stringify(d)));
    engine.runFor(60_000);
    expect(readyPods(engine, "web")).toHaveLength(0);
    expect(out(engine, "get deploy web --no-headers")).toMatch(/^web\s+0\/2\s+2\s+0\s/);
  });

  it("minReadySeconds counts from readiness, not from the start", () => {
    const d = JSON.parse(deploymentYaml("web", 1, "nginx:1.27"));
    d.spec.minReadySeconds = 10;
    d.spec.template.spec.containers[0].readinessProbe = { httpGet: { port: 80 }, initialDelaySeconds: 15 };
    const engine = engineFromYaml(oneNode(JSON.stringify(d)));
    runUntil(engine, () => readyPods(engine, "web").length === 1, 60_000);
    const readyAt = engine.now;
    runUntil(engine, () => engine.state.deployments["default/web"]?.status.availableReplicas === 1, 60_000);
    expect(engine.now - readyAt).toBeGreaterThanOrEqual(10_000);
    expect(engine.now - readyAt).toBeLessThan(12_000);
  });
});

describe("kubectl describe", () => {
  it.each([
    [
      { exec: { command: ["cat", "/tmp/healthy"] }, initialDelaySeconds: 5, periodSeconds: 5 },
      "exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3",
    ],
    [
      { httpGet: { path: "/healthz", port: 8080 }, initialDelaySeconds: 3, periodSeconds: 3 },
      "http-get http://:8080/healthz delay=3s timeout=1s period=3s #success=1 #failure=3",
    ],
    [
      { tcpSocket: { port: 8080 }, initialDelaySeconds: 15 },
      "tcp-socket :8080 delay=15s timeout=1s period=10s #success=1 #failure=3",
    ],
    [
      { grpc: { port: 2379 }, initialDelaySeconds: 10 },
      "grpc <pod>:2379  delay=10s timeout=1s period=10s #success=1 #failure=3",
    ],
  ])("prints %j as DescribeProbe does", (probe, line) => {
    const engine = engineFromYaml(oneNode(podYaml("p", { image: "nginx:1.27", livenessProbe: probe })));
    engine.runFor(10_000);
    const shown = out(engine, "describe pod p")
      .split("\n")
      .find((l) => l.trimStart().startsWith("Liveness:"));
    expect(shown?.replace(/^ {4}Liveness: +/, "")).toBe(line);
  });
});

describe("a student at the kubelet seat runs the probes (RunProbe)", () => {
  // exec-liveness as on kubernetes.io: healthy for 30 s, then cat fails
  const pod = JSON.stringify({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "liveness-exec" },
    spec: {
      containers: [
        {
          name: "liveness",
          image: "registry.k8s.io/busybox",
          args: ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
          livenessProbe: {
            exec: { command: ["cat", "/tmp/healthy"] },
            initialDelaySeconds: 5,
            periodSeconds: 5,
          },
        },
      ],
    },
  });
  const human = () => {
    const engine = engineFromYaml(oneNode(pod));
    runUntil(engine, () => podOf(engine, "liveness-exec").status.phase === "Running");
    engine.apply("instructor", { type: "SetDriver", seat: "kubelet:worker-1", driver: "human" });
    return engine;
  };
  const runProbe = (engine: ReturnType<typeof engineFromYaml>) =>
    engine.apply("kubelet:worker-1", {
      type: "RunProbe",
      node: "worker-1",
      pod: "liveness-exec",
      container: "liveness",
      probe: "liveness",
    });

  it("a probe that has not come due is refused with when it will", () => {
    const engine = human();
    expect(runProbe(engine)).toMatchObject({
      ok: false,
      code: "NotReady",
      message: expect.stringMatching(
        /^the livenessProbe of container liveness is not due for \d+s \(initialDelaySeconds: 5, periodSeconds: 5\)$/,
      ),
    });
  });

  it("a due probe waits for the student; run, it counts as the prober's would", () => {
    const engine = human();
    engine.runFor(40_000);
    // due since 5 s, never run: no Unhealthy though the file is gone
    expect(unhealthy(engine, "liveness-exec")).toHaveLength(0);
    expect(runProbe(engine)).toMatchObject({ ok: true });
    expect(unhealthy(engine, "liveness-exec").map((e) => e.message)).toEqual([
      "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory",
    ]);
    // the next one is a period away
    expect(runProbe(engine)).toMatchObject({ ok: false, code: "NotReady" });
    for (let i = 0; i < 2; i++) {
      engine.runFor(5000);
      expect(runProbe(engine)).toMatchObject({ ok: true });
    }
    expect(killing(engine, "liveness-exec").map((e) => e.message)).toEqual([
      "Container liveness failed liveness probe, will be restarted",
    ]);
  });

  it("left due for a minute of the student's time, the seat's bot runs it", () => {
    const engine = human();
    runUntil(engine, () => killing(engine, "liveness-exec").length > 0, 600_000);
    expect(engine.state.seats["kubelet:worker-1"]?.assisted).toBe(true);
  });

  it("a bot's prober needs nobody: a probe of a pod on a bot's node is refused to the student's seat", () => {
    const engine = engineFromYaml(oneNode(pod));
    expect(runProbe(engine).ok).toBe(false);
  });
});
