import { describe, expect, it } from "vitest";
import { podOf as readPod } from "../../shared/protocol/podWire.ts";
import { machineView } from "../../shared/view/machines.ts";
import { podView as wirePodView } from "../../shared/view/pods.ts";
import { engineFromYaml, oneNode, podOf, runUntil } from "../sim/harness.ts";

/**
 * What the board and the kubelet's panel see of the features of real manifests: init containers in
 * order with their state, the last termination (OOMKilled, exit 137), the kubelet's message for a
 * missing ConfigMap, Secret or key, a volume it cannot mount, and each probe worker's result.
 */
const yaml = (o: unknown) => JSON.stringify(o);
/** A pod's view as a client reads it (words decoded from the wire's codes). */
const podView = (pod: Parameters<typeof wirePodView>[0]) =>
  readPod(`${pod.metadata.namespace}/${pod.metadata.name}`, wirePodView(pod));

function pod(spec: Record<string, unknown>, name = "p") {
  return yaml({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec });
}

describe("the pod's view", () => {
  it("init containers in order, tagged sidecar or not, before the app", () => {
    const engine = engineFromYaml(
      oneNode(
        pod({
          initContainers: [
            { name: "setup", image: "busybox:1.36", command: ["sh", "-c", "sleep 5"] },
            { name: "proxy", image: "busybox:1.36", command: ["sleep", "3600"], restartPolicy: "Always" },
          ],
          containers: [{ name: "app", image: "busybox:1.36", command: ["sleep", "3600"] }],
        }),
      ),
    );
    runUntil(engine, () => podOf(engine, "p").status.initContainerStatuses?.[0]?.state !== undefined);
    engine.runFor(3000);
    const view = podView(podOf(engine, "p"));
    expect(view.status).toBe("Init:0/2");
    expect(view.initContainers.map((c) => [c.name, c.state, c.sidecar])).toEqual([
      ["setup", "running", false],
      ["proxy", "waiting", true],
    ]);
    expect(view.containers.map((c) => [c.name, c.state, c.reason])).toEqual([
      ["app", "waiting", "PodInitializing"],
    ]);
    // the panel's steps: the sidecar waits for the first init container, the app for both
    const steps = machineView(engine, "worker-1")?.view.steps;
    expect(steps?.get("default/p/proxy")).toMatchObject({
      init: true,
      step: "wait",
      reason: "PodInitializing",
    });
    expect(steps?.get("default/p/app")).toMatchObject({
      init: false,
      step: "wait",
      reason: "PodInitializing",
    });
    runUntil(engine, () => podOf(engine, "p").status.phase === "Running");
    runUntil(engine, () => podView(podOf(engine, "p")).initContainers.at(0)?.state === "terminated");
    expect(podView(podOf(engine, "p")).initContainers.at(0)).toMatchObject({
      state: "terminated",
      reason: "Completed",
      message: "exit 0",
    });
  });

  it("OOMKilled: the state, then the last state with its exit code", () => {
    // kubernetes.io memory-demo-2: 250Mi asked of a 100Mi limit
    const engine = engineFromYaml(
      oneNode(
        pod(
          {
            containers: [
              {
                name: "memory-demo-2-ctr",
                image: "polinux/stress",
                resources: { requests: { memory: "50Mi" }, limits: { memory: "100Mi" } },
                command: ["stress"],
                args: ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"],
              },
            ],
          },
          "memory-demo-2",
        ),
      ),
    );
    runUntil(engine, () => podOf(engine, "memory-demo-2").status.containerStatuses[0]?.restartCount === 1);
    const view = podView(podOf(engine, "memory-demo-2"));
    expect(view.containers.at(0)?.lastState).toBe("OOMKilled (exit 137)");
    expect(view.restarts).toBe(1);
  });

  it.each([
    [
      "a missing Secret key reference",
      { env: [{ name: "PW", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }] },
      {},
      "CreateContainerConfigError",
      'secret "db" not found',
    ],
    [
      "a missing ConfigMap in envFrom",
      { envFrom: [{ configMapRef: { name: "settings" } }] },
      {},
      "CreateContainerConfigError",
      'configmap "settings" not found',
    ],
  ])("%s: the container's waiting message says which", (_what, container, spec, reason, message) => {
    const engine = engineFromYaml(
      oneNode(
        pod({
          containers: [{ name: "c", image: "busybox:1.36", command: ["sleep", "3600"], ...container }],
          ...spec,
        }),
      ),
    );
    runUntil(engine, () => podView(podOf(engine, "p")).containers.at(0)?.reason === reason);
    expect(podView(podOf(engine, "p")).containers.at(0)?.message).toBe(message);
  });

  it("a ConfigMap volume that is not there: the panel's step is FailedMount with the kubelet's words", () => {
    const engine = engineFromYaml(
      oneNode(
        pod({
          containers: [
            {
              name: "c",
              image: "busybox:1.36",
              command: ["sleep", "3600"],
              volumeMounts: [{ name: "cfg", mountPath: "/etc/cfg" }],
            },
          ],
          volumes: [{ name: "cfg", configMap: { name: "x" } }],
        }),
      ),
    );
    engine.runFor(5000);
    expect(machineView(engine, "worker-1")?.view.steps.get("default/p/c")).toMatchObject({
      step: "wait",
      reason: "FailedMount",
      message: 'MountVolume.SetUp failed for volume "cfg" : configmap "x" not found',
    });
  });

  it("probes: each worker's result, its run against the threshold, the failure's output", () => {
    // kubernetes.io exec-liveness: healthy for 30 s, then cat fails
    const engine = engineFromYaml(
      oneNode(
        pod(
          {
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
          "liveness-exec",
        ),
      ),
    );
    runUntil(engine, () =>
      engine.state.events.some((e) => e.reason === "Unhealthy" && e.involvedObject.name === "liveness-exec"),
    );
    const probes = machineView(engine, "worker-1")?.view.steps.get("default/liveness-exec/liveness")?.probes;
    expect(probes).toHaveLength(1);
    expect(probes?.at(0)).toMatchObject({
      type: "liveness",
      result: "success",
      lastResult: "failure",
      run: 1,
      threshold: 3,
      output: "cat: can't open '/tmp/healthy': No such file or directory",
    });
    expect(probes?.at(0)?.nextAt).toBeGreaterThan(engine.now);
  });
});
