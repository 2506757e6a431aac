import { describe, expect, it } from "vitest";
import type { Container } from "../../../shared/sim/model/pod.ts";
import { cpuThrottled, cpuUsage, oomKillAt } from "../../../shared/sim/runtime/limits.ts";
import { out } from "../../kubectl/fixtures.ts";
import { docs, engineFromYaml, eventsOf, nodeYaml, podOf, podYaml, runUntil } from "../harness.ts";

/**
 * Limits as the runtime enforces them: memory past the limit is OOMKilled (exit 137), restarted with
 * the kubelet's back-off; CPU past the limit is throttled, never killed.
 */
const Mi = 1024 * 1024;
const base = { id: "c", podUID: "u", podKey: "default/p", name: "main", image: "x", ref: "x", imageID: "x" };
const limited = (memory?: string, cpu?: string): Container => ({
  name: "main",
  image: "x",
  imagePullPolicy: "IfNotPresent",
  resources: { limits: { ...(memory ? { memory } : {}), ...(cpu ? { cpu } : {}) } },
});

describe("oomKillAt", () => {
  it.each([
    // [what, memory held, grows from, full at, limit, killed at]
    ["at once, 250M past 100Mi: ~0.1 s after the allocation", 251 * Mi, 1000, 1000, "100Mi", 1100],
    ["under the limit: never", 150 * Mi, 0, 0, "200Mi", undefined],
    ["exactly the limit: never", 200 * Mi, 0, 0, "200Mi", undefined],
    ["a ramp of 10 s to 200Mi with a 100Mi limit: half-way", 200 * Mi, 0, 10_000, "100Mi", 5000],
    ["a ramp that starts at 30 s", 200 * Mi, 30_000, 40_000, "150Mi", 37_500],
    ["no limit: never", 4096 * Mi, 0, 0, undefined, undefined],
  ])("%s", (_what, held, from, full, limit, expected) => {
    const c = {
      ...base,
      createdAt: 0,
      startedAt: 0,
      memoryBytes: held,
      memoryFrom: from,
      memoryFullAt: full,
    };
    expect(oomKillAt(c, limited(limit))).toBe(expected);
  });
});

describe("cpu", () => {
  it.each([
    // [wanted, limit, used, throttled]
    [2000, "1", 1000, true],
    [500, "1", 500, false],
    [2000, undefined, 2000, false],
    [1000, "250m", 250, true],
  ])("a process wanting %dm with limit %s uses %dm (throttled: %s)", (wanted, limit, used, throttled) => {
    const c = { ...base, createdAt: 0, startedAt: 0, cpuMillis: wanted };
    expect(cpuUsage(c, limited(undefined, limit))).toBe(used);
    expect(cpuThrottled(c, limited(undefined, limit))).toBe(throttled);
  });

  it("kubernetes.io cpu-demo: vish/stress -cpus 2 under a 1-CPU limit runs on, throttled", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("worker-1"),
        podYaml("cpu-demo", {
          image: "vish/stress",
          resources: { limits: { cpu: "1" }, requests: { cpu: "0.5" } },
          args: ["-cpus", "2"],
        }),
      ),
    );
    engine.runFor(60_000);
    const pod = podOf(engine, "cpu-demo");
    expect(out(engine, "get pod cpu-demo --no-headers")).toMatch(/^cpu-demo\s+1\/1\s+Running\s+0\s/);
    const c = engine.state.machines["worker-1"]?.containers[`${pod.metadata.uid}/main`];
    expect(c?.cpuMillis).toBe(2000);
    expect(c && cpuUsage(c, pod.spec.containers[0])).toBe(1000);
  });
});

describe("OOMKilled in the cluster", () => {
  const stress = (provider?: string) =>
    docs(
      nodeYaml("worker-1", provider ? { annotations: { "kubeclass.dev/provider": provider } } : {}),
      podYaml("memory-demo-2", {
        image: "polinux/stress",
        command: ["stress"],
        args: ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"],
        resources: { requests: { memory: "50Mi" }, limits: { memory: "100Mi" } },
      }),
    );

  it("exit code 137, reason OOMKilled, restarted (first at once, then with back-off), CrashLoopBackOff", () => {
    const engine = engineFromYaml(stress());
    runUntil(
      engine,
      () => (podOf(engine, "memory-demo-2").status.containerStatuses[0]?.restartCount ?? 0) >= 1,
    );
    const status = podOf(engine, "memory-demo-2").status.containerStatuses[0];
    expect(status?.lastState).toMatchObject({ terminated: { exitCode: 137, reason: "OOMKilled" } });
    engine.runFor(40_000);
    expect(out(engine, "get pod memory-demo-2 --no-headers")).toMatch(/CrashLoopBackOff\s+3 \(/);
    expect(out(engine, "describe pod memory-demo-2")).toMatch(
      /Last State: {5}Terminated\n {6}Reason: {7}OOMKilled\n {6}Exit Code: {4}137\n/,
    );
  });

  it.each([
    ["local", false],
    ["aws", false],
    ["gcp", true],
    ["azure", true],
  ])(
    "the Node gets node-problem-detector's OOMKilling event only where it runs by default (%s: %s)",
    (provider, reported) => {
      const engine = engineFromYaml(stress(provider));
      runUntil(
        engine,
        () => (podOf(engine, "memory-demo-2").status.containerStatuses[0]?.restartCount ?? 0) >= 1,
      );
      const oom = eventsOf(engine, "worker-1").filter((e) => e.reason === "OOMKilling");
      expect(oom.length > 0).toBe(reported);
      if (reported) {
        expect(oom[0]?.type).toBe("Warning");
        expect(oom[0]?.source.component).toBe("kernel-monitor");
        expect(oom[0]?.message).toMatch(
          /^Memory cgroup out of memory: Killed process \d+ \(stress\) total-vm:\d+kB, anon-rss:\d+kB, file-rss:\d+kB, shmem-rss:0kB, UID:0 pgtables:\d+kB oom_score_adj:\d+$/,
        );
      }
    },
  );

  it("memory under the limit is never killed (memory-demo: 150M under 200Mi)", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("worker-1"),
        podYaml("memory-demo", {
          image: "polinux/stress",
          command: ["stress"],
          args: ["--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1"],
          resources: { requests: { memory: "100Mi" }, limits: { memory: "200Mi" } },
        }),
      ),
    );
    engine.runFor(120_000);
    expect(out(engine, "get pod memory-demo --no-headers")).toMatch(/1\/1\s+Running\s+0\s/);
  });
});
