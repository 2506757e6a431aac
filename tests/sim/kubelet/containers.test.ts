import { describe, expect, it } from "vitest";
import {
  containerOf,
  elapsed,
  engineFromYaml,
  eventsOf,
  oneNode,
  podOf,
  podYaml,
  reasonsOf,
  runUntil,
  waitingReason,
} from "../harness.ts";

function terminated(engine: ReturnType<typeof engineFromYaml>, pod: string) {
  const s = podOf(engine, pod).status.containerStatuses[0];
  if (!s) return undefined;
  const t =
    "terminated" in s.state
      ? s.state.terminated
      : "terminated" in s.lastState
        ? s.lastState.terminated
        : undefined;
  return t;
}

describe("container behaviour from command and args", () => {
  it.each([
    // [command, args, restartPolicy, phase, exit code, runs at least (s)]
    [["sleep", "5"], undefined, "Never", "Succeeded", 0, 5],
    [["sh", "-c", "sleep 2; exit 3"], undefined, "Never", "Failed", 3, 2],
    [["/bin/sh", "-c", "echo hello && exit 0"], undefined, "Never", "Succeeded", 0, 0],
    [["true"], undefined, "Never", "Succeeded", 0, 0],
    [["false"], undefined, "Never", "Failed", 1, 0],
    [undefined, ["sleep", "3"], "Never", "Succeeded", 0, 3],
    [["sh", "-c", "false || exit 7"], undefined, "OnFailure", "Running", 7, 0],
  ] as const)("%j %j (%s) -> %s, exit %i", (command, args, restartPolicy, phase, exitCode, seconds) => {
    const container: Record<string, unknown> = { image: "busybox:1.37" };
    if (command) container.command = command;
    if (args) container.args = args;
    const engine = engineFromYaml(oneNode(podYaml("p", container, { restartPolicy })));
    runUntil(engine, () => terminated(engine, "p") !== undefined, 60_000);
    const t = terminated(engine, "p");
    expect(t?.exitCode).toBe(exitCode);
    expect(t?.reason).toBe(exitCode === 0 ? "Completed" : "Error");
    expect(((t?.finishedAt ?? 0) - (t?.startedAt ?? 0)) / 1000).toBeGreaterThanOrEqual(seconds);
    engine.runFor(1000);
    expect(podOf(engine, "p").status.phase).toBe(phase);
  });

  it("a long-running server keeps running", () => {
    const engine = engineFromYaml(oneNode(podYaml("web", { image: "nginx:1.27" })));
    engine.runFor(600_000);
    expect("running" in containerOf(engine, "web").state).toBe(true);
    expect(containerOf(engine, "web").restartCount).toBe(0);
  });

  it("a bare `exit` is a shell builtin: the runtime cannot exec it (StartError, exit 128)", () => {
    const engine = engineFromYaml(
      oneNode(podYaml("p", { image: "busybox:1.37", command: ["exit", "1"] }, { restartPolicy: "Never" })),
    );
    runUntil(engine, () => terminated(engine, "p") !== undefined, 30_000);
    expect(terminated(engine, "p")?.reason).toBe("StartError");
    expect(terminated(engine, "p")?.exitCode).toBe(128);
    expect(terminated(engine, "p")?.message).toContain('exec: "exit": executable file not found in $PATH');
  });

  it("postgres without POSTGRES_PASSWORD exits 1, as the real image does; with it, it runs", () => {
    const engine = engineFromYaml(
      oneNode(
        podYaml("bad", { image: "postgres:17" }, { restartPolicy: "Never" }),
        podYaml("good", { image: "postgres:17", env: [{ name: "POSTGRES_PASSWORD", value: "s3cret" }] }),
      ),
    );
    engine.runFor(30_000);
    expect(podOf(engine, "bad").status.phase).toBe("Failed");
    expect(terminated(engine, "bad")?.exitCode).toBe(1);
    expect(podOf(engine, "good").status.phase).toBe("Running");
  });
});

describe("CrashLoopBackOff", () => {
  it("busybox with no command exits at once; restarts back off 0, 10, 20, 40 ... 300 s", () => {
    const engine = engineFromYaml(oneNode(podYaml("bb", { image: "busybox:1.37" })));
    engine.runFor(1_300_000);
    const starts = eventsOf(engine, "bb")
      .filter((e) => e.reason === "Started")
      .map((e) => e.eventTime);
    const gaps = starts.slice(1).map((t, i) => Math.round((t - (starts[i] ?? 0)) / 1000));
    expect(gaps.slice(0, 8)).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
    expect(podOf(engine, "bb").status.phase).toBe("Running");
    expect(containerOf(engine, "bb").restartCount).toBe(starts.length - 1);
  });

  it("shows CrashLoopBackOff with the kubelet's back-off message and a BackOff event", () => {
    const engine = engineFromYaml(oneNode(podYaml("bb", { image: "busybox:1.37" })));
    runUntil(engine, () => waitingReason(engine, "bb") === "CrashLoopBackOff");
    const pod = podOf(engine, "bb");
    const state = containerOf(engine, "bb").state;
    expect("waiting" in state && state.waiting.message).toBe(
      `back-off 10s restarting failed container=main pod=bb_default(${pod.metadata.uid})`,
    );
    expect(eventsOf(engine, "bb").at(-1)?.message).toBe(
      `Back-off restarting failed container main in pod bb_default(${pod.metadata.uid})`,
    );
    expect(containerOf(engine, "bb").lastState).toMatchObject({
      terminated: { exitCode: 0, reason: "Completed" },
    });
  });
});

describe("admission", () => {
  it("a pod bound to a node it does not fit is rejected: OutOfcpu, phase Failed", () => {
    // Both skip the scheduler (spec.nodeName); the kubelet admits "a" first and has no room for "b".
    const engine = engineFromYaml(
      oneNode(
        podYaml(
          "a",
          { image: "nginx:1.27", resources: { requests: { cpu: "2" } } },
          { nodeName: "worker-1" },
        ),
        podYaml(
          "b",
          { image: "nginx:1.27", resources: { requests: { cpu: "3" } } },
          { nodeName: "worker-1" },
        ),
      ),
    );
    engine.runFor(3000);
    const rejected = podOf(engine, "b");
    expect(rejected.status.phase).toBe("Failed");
    expect(rejected.status.reason).toBe("OutOfcpu");
    expect(rejected.status.message).toBe(
      "Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, used: 2000, capacity: 4000",
    );
    expect(reasonsOf(engine, "b")).toContain("OutOfcpu");
    runUntil(engine, () => podOf(engine, "a").status.phase === "Running", 10_000);
  });

  it("a human scheduler can bind a pod where it does not fit; the kubelet rejects it", () => {
    const engine = engineFromYaml(
      oneNode(podYaml("huge", { image: "nginx:1.27", resources: { requests: { cpu: "6" } } })),
    );
    engine.apply("instructor", { type: "SetDriver", seat: "scheduler", driver: "human" });
    engine.runFor(1000);
    expect(engine.apply("scheduler", { type: "Bind", pod: "huge", node: "worker-1" }).ok).toBe(true);
    engine.runFor(2000);
    expect(podOf(engine, "huge").status.reason).toBe("OutOfcpu");
  });

  it("OutOfmemory is reported in bytes", () => {
    const engine = engineFromYaml(
      oneNode(
        podYaml(
          "p",
          { image: "nginx:1.27", resources: { requests: { memory: "9Gi" } } },
          { nodeName: "worker-1" },
        ),
      ),
    );
    engine.runFor(2000);
    expect(podOf(engine, "p").status.reason).toBe("OutOfmemory");
    expect(podOf(engine, "p").status.message).toBe(
      `Pod was rejected: Node didn't have enough resource: memory, requested: ${9 * 1024 ** 3}, used: 0, capacity: ${8 * 1024 ** 3}`,
    );
  });
});

describe("pod phases and conditions", () => {
  it("Running and Ready once every container runs; conditions in kubelet order", () => {
    const engine = engineFromYaml(
      oneNode(
        JSON.stringify({
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: "two" },
          spec: {
            containers: [
              { name: "web", image: "nginx:1.27" },
              { name: "cache", image: "redis:7.4" },
            ],
          },
        }),
      ),
    );
    runUntil(
      engine,
      () => podOf(engine, "two").status.conditions.find((c) => c.type === "Ready")?.status === "True",
    );
    const pod = podOf(engine, "two");
    expect(pod.status.phase).toBe("Running");
    expect(pod.status.conditions.map((c) => `${c.type}=${c.status}`)).toEqual([
      "PodReadyToStartContainers=True",
      "Initialized=True",
      "Ready=True",
      "ContainersReady=True",
      "PodScheduled=True",
    ]);
    expect(pod.status.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(pod.status.hostIP).toBe(engine.state.nodes["worker-1"]?.status.addresses[0]?.address);
  });

  it("Pending while pulling, with ContainersNotReady naming the containers", () => {
    const engine = engineFromYaml(oneNode(podYaml("p", { image: "python:3.13" })));
    engine.runFor(3000);
    const pod = podOf(engine, "p");
    expect(pod.status.phase).toBe("Pending");
    expect(waitingReason(engine, "p")).toBe("ContainerCreating");
    expect(pod.status.conditions.find((c) => c.type === "Ready")).toMatchObject({
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unready status: [main]",
    });
  });
});

describe("deletion", () => {
  it("a server stops at once on SIGTERM; a shell running sleep waits out the 30 s grace period", () => {
    const engine = engineFromYaml(
      oneNode(
        podYaml("web", { image: "nginx:1.27" }),
        podYaml("sleeper", { image: "busybox:1.37", command: ["sleep", "3600"] }),
      ),
    );
    runUntil(
      engine,
      () =>
        podOf(engine, "web").status.phase === "Running" &&
        podOf(engine, "sleeper").status.phase === "Running",
    );
    const start = engine.now;
    expect(engine.apply("user", { type: "Delete", kind: "pod", name: "web" })).toEqual({
      ok: true,
      message: 'pod "web" deleted',
    });
    engine.apply("user", { type: "Delete", kind: "pod", name: "sleeper" });
    expect(podOf(engine, "web").metadata.deletionTimestamp).toBe(start + 30_000);
    runUntil(engine, () => engine.state.pods["default/web"] === undefined);
    expect(engine.now - start).toBeLessThan(2000);
    runUntil(engine, () => engine.state.pods["default/sleeper"] === undefined);
    expect(engine.now - start).toBeGreaterThanOrEqual(30_000);
    expect(reasonsOf(engine, "sleeper")).toContain("Killing");
  });

  it("an unscheduled pod is deleted at once", () => {
    const engine = engineFromYaml(
      oneNode(podYaml("p", { image: "nginx:1.27", resources: { requests: { cpu: "64" } } })),
    );
    engine.runFor(1000);
    engine.apply("user", { type: "Delete", kind: "pods", name: "p" });
    expect(engine.state.pods["default/p"]).toBeUndefined();
  });
});

describe("node failure and recovery", () => {
  it("a rebooted node restarts its containers: restartCount + 1, last state Unknown 255", () => {
    const engine = engineFromYaml(oneNode(podYaml("web", { image: "nginx:1.27" })));
    runUntil(engine, () => podOf(engine, "web").status.phase === "Running");
    engine.apply("instructor", { type: "FailNode", node: "worker-1" });
    engine.runFor(20_000);
    expect(engine.apply("instructor", { type: "RecoverNode", node: "worker-1" }).ok).toBe(true);
    runUntil(engine, () => "running" in containerOf(engine, "web").state);
    const status = containerOf(engine, "web");
    expect(status.restartCount).toBe(1);
    expect(status.lastState).toMatchObject({ terminated: { exitCode: 255, reason: "Unknown" } });
    expect(reasonsOf(engine, "worker-1")).toContain("Rebooted");
    // The image stayed on disk: no second pull.
    expect(reasonsOf(engine, "web").filter((r) => r === "Pulling")).toHaveLength(1);
  });

  it("the kubelet renews its node Lease every 10 s, and stops when the node fails", () => {
    const engine = engineFromYaml(oneNode());
    engine.runFor(35_000);
    const lease = engine.state.leases["kube-node-lease/worker-1"];
    expect(lease?.spec.leaseDurationSeconds).toBe(40);
    expect(engine.now - (lease?.spec.renewTime ?? 0)).toBeLessThanOrEqual(10_000);
    engine.apply("instructor", { type: "FailNode", node: "worker-1" });
    const failedAt = engine.now;
    engine.runFor(60_000);
    expect(lease?.spec.renewTime).toBeLessThanOrEqual(failedAt);
    expect(elapsed(engine)).toBeGreaterThan(90);
  });
});
