import { describe, expect, it } from "vitest";
import type { ContainerStatus } from "../../../shared/sim/model/pod.ts";
import { out } from "../../kubectl/fixtures.ts";
import {
  containerOf,
  engineFromYaml,
  eventsOf,
  oneNode,
  podOf,
  podYaml,
  reasonsOf,
  runUntil,
  serviceYaml,
  waitingReason,
} from "../harness.ts";

/**
 * The process model inside the cluster: what the kubelet and runtime do with a container's process
 * (completion, StartError and back-off, SIGTERM, declared memory), and what `kubectl logs` shows.
 */
const terminated = (s: ContainerStatus) => ("terminated" in s.state ? s.state.terminated : undefined);

describe("containers run their commands", () => {
  it("printenv (kubernetes.io's 'define a command' example) completes with exit 0; its output is in the logs", () => {
    const engine = engineFromYaml(
      oneNode(
        podYaml(
          "command-demo",
          { image: "debian", command: ["printenv"], args: ["HOSTNAME", "KUBERNETES_PORT"] },
          { restartPolicy: "OnFailure" },
        ),
      ),
    );
    runUntil(engine, () => podOf(engine, "command-demo").status.phase === "Succeeded", 60_000);
    expect(terminated(containerOf(engine, "command-demo"))).toMatchObject({
      exitCode: 0,
      reason: "Completed",
    });
    expect(out(engine, "logs command-demo")).toBe("command-demo\ntcp://10.96.0.1:443\n");
    expect(out(engine, "get pod command-demo")).toContain("Completed");
  });

  it("env shows the Service links of the namespace and the container's own variables, $(VAR) expanded", () => {
    const engine = engineFromYaml(
      oneNode(
        serviceYaml("my-svc", { app: "x" }, 8080),
        podYaml(
          "env",
          {
            image: "busybox:1.36",
            command: ["sh", "-c", "env | sort; echo $(GREETING)"],
            env: [
              { name: "NAME", value: "world" },
              { name: "GREETING", value: "hello $(NAME)" },
            ],
          },
          { restartPolicy: "Never" },
        ),
      ),
    );
    runUntil(engine, () => podOf(engine, "env").status.phase === "Succeeded", 60_000);
    const logs = out(engine, "logs env").split("\n");
    expect(logs).toContain("GREETING=hello world");
    expect(logs).toContain("HOSTNAME=env");
    expect(logs).toContain("KUBERNETES_SERVICE_HOST=10.96.0.1");
    expect(logs).toContain("KUBERNETES_SERVICE_PORT=443");
    expect(logs.some((l) => /^MY_SVC_SERVICE_HOST=10\.9\d\.\d+\.\d+$/.test(l))).toBe(true);
    expect(logs).toContain("MY_SVC_SERVICE_PORT=8080");
    expect(logs.at(-2)).toBe("hello world");
  });

  it('sh -c "echo hi; exit 3" terminates with exit code 3', () => {
    const engine = engineFromYaml(
      oneNode(
        podYaml(
          "p",
          { image: "alpine:3.21", command: ["sh", "-c", "echo hi; exit 3"] },
          { restartPolicy: "Never" },
        ),
      ),
    );
    runUntil(engine, () => podOf(engine, "p").status.phase === "Failed", 60_000);
    expect(terminated(containerOf(engine, "p"))).toMatchObject({ exitCode: 3, reason: "Error" });
    expect(out(engine, "logs p")).toBe("hi\n");
  });

  it("sleep 5 completes 5 simulated seconds after it started", () => {
    const engine = engineFromYaml(
      oneNode(podYaml("p", { image: "busybox:1.36", command: ["sleep", "5"] }, { restartPolicy: "Never" })),
    );
    runUntil(engine, () => podOf(engine, "p").status.phase === "Succeeded", 60_000);
    const t = terminated(containerOf(engine, "p"));
    expect((t?.finishedAt ?? 0) - (t?.startedAt ?? 0)).toBe(5000);
  });

  it("a loop runs until it is stopped; a shell as PID 1 ignores SIGTERM, so it dies at the end of the grace period", () => {
    const engine = engineFromYaml(
      oneNode(
        podYaml("loop", {
          image: "busybox:1.36",
          command: ["sh", "-c", "while true; do echo tick; sleep 10; done"],
        }),
      ),
    );
    runUntil(engine, () => podOf(engine, "loop").status.phase === "Running", 60_000);
    engine.runFor(3600_000);
    expect(podOf(engine, "loop").status.phase).toBe("Running");
    expect(containerOf(engine, "loop").restartCount).toBe(0);
    expect(out(engine, "logs loop --tail=2")).toBe("tick\ntick\n");
    expect(out(engine, "logs loop").split("\n").length).toBeGreaterThan(360);
    const deleted = engine.now;
    engine.apply("user", { type: "Delete", kind: "Pod", name: "loop", namespace: "default" });
    runUntil(engine, () => engine.state.pods["default/loop"] === undefined, 60_000);
    expect(engine.now - deleted).toBeGreaterThanOrEqual(30_000);
  });

  it("a binary that is not in the image: StartError (128), then CrashLoopBackOff with the kubelet's back-off", () => {
    const engine = engineFromYaml(oneNode(podYaml("bad", { image: "debian:bookworm", command: ["foo"] })));
    runUntil(engine, () => waitingReason(engine, "bad") === "CrashLoopBackOff", 60_000);
    const status = containerOf(engine, "bad");
    expect("terminated" in status.lastState && status.lastState.terminated).toMatchObject({
      exitCode: 128,
      reason: "StartError",
      startedAt: 0,
      message:
        'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "foo": executable file not found in $PATH: unknown',
    });
    engine.runFor(600_000);
    expect(waitingReason(engine, "bad")).toBe("CrashLoopBackOff");
    const failures = eventsOf(engine, "bad")
      .filter((e) => e.reason === "Failed")
      .map((e) => e.eventTime);
    const gaps = failures.slice(1).map((t, i) => Math.round((t - (failures[i] ?? 0)) / 1000));
    expect(gaps.slice(0, 5)).toEqual([0, 10, 20, 40, 80]);
    expect(reasonsOf(engine, "bad")).toContain("BackOff");
  });

  it("until a kubelet restarts it, the container shows RunContainerError with runc's message", () => {
    const engine = engineFromYaml(oneNode(podYaml("bad", { image: "busybox:1.36", command: ["/app/run"] })));
    runUntil(
      engine,
      () =>
        podOf(engine, "bad").status.phase === "Running" ||
        eventsOf(engine, "bad").some((e) => e.reason === "Created"),
      60_000,
    );
    // A student plays the kubelet from here on and has not acted yet.
    const seat = engine.state.seats["kubelet:worker-1"];
    if (seat) seat.driver = "human";
    runUntil(engine, () => waitingReason(engine, "bad") === "RunContainerError", 10_000);
    const state = containerOf(engine, "bad").state;
    expect("waiting" in state && state.waiting.message).toContain(
      'exec: "/app/run": stat /app/run: no such file or directory',
    );
    expect(out(engine, "get pod bad")).toContain("RunContainerError");
  });

  it("stress declares the memory it holds, for limits to be checked against (memory-demo-2 allocates 250M)", () => {
    const engine = engineFromYaml(
      oneNode(
        podYaml("memory-demo-2", {
          image: "polinux/stress",
          command: ["stress"],
          args: ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"],
          resources: { requests: { memory: "50Mi" }, limits: { memory: "100Mi" } },
        }),
      ),
    );
    runUntil(engine, () => podOf(engine, "memory-demo-2").status.phase === "Running", 60_000);
    const pod = podOf(engine, "memory-demo-2");
    const instance = engine.state.machines["worker-1"]?.containers[`${pod.metadata.uid}/main`];
    expect(instance?.memoryBytes).toBe(251 * 1024 * 1024);
  });

  it("a command the simulation does not model says so in an event and in the logs", () => {
    const engine = engineFromYaml(
      oneNode(podYaml("app", { image: "python:3.13-slim", command: ["python3", "app.py"] })),
    );
    runUntil(engine, () => podOf(engine, "app").status.phase === "Running", 60_000);
    const note = eventsOf(engine, "app").find((e) => e.reason === "NotSimulated");
    expect(note?.message).toBe(
      'The simulation does not model "python3 app.py": assumed to run until stopped',
    );
    expect(note?.source.component).toBe("kubeclass");
    expect(out(engine, "logs app")).toBe(
      '[kubeclass] the simulation does not model "python3 app.py": assumed to run until stopped\n',
    );
  });

  it("a loop waiting for a Service ends when the Service is created (the init container pattern)", () => {
    const engine = engineFromYaml(
      oneNode(
        podYaml(
          "wait",
          {
            image: "busybox:1.28",
            command: [
              "sh",
              "-c",
              "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done",
            ],
          },
          { restartPolicy: "Never" },
        ),
      ),
    );
    runUntil(engine, () => podOf(engine, "wait").status.phase === "Running", 60_000);
    engine.runFor(20_000);
    expect(podOf(engine, "wait").status.phase).toBe("Running");
    engine.apply("user", { type: "Apply", manifest: JSON.parse(serviceYaml("myservice", { app: "x" })) });
    const created = engine.now;
    runUntil(engine, () => podOf(engine, "wait").status.phase === "Succeeded", 30_000);
    expect(engine.now - created).toBeLessThanOrEqual(3000);
    const logs = out(engine, "logs wait");
    expect(logs).toContain("nslookup: can't resolve 'myservice.default.svc.cluster.local'");
    expect(logs).toContain("waiting for myservice");
    expect(logs).toMatch(
      /Name: {6}myservice\.default\.svc\.cluster\.local\nAddress 1: 10\.\d+\.\d+\.\d+ myservice\.default\.svc\.cluster\.local\n$/,
    );
  });
});
