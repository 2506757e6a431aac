import { describe, expect, it } from "vitest";
import { docs, engineFromYaml, nodeYaml, podYaml } from "../sim/harness.ts";
import { out } from "./fixtures.ts";

/**
 * The STATUS column as printPod computes it, through a pod's whole life: Pending (unschedulable),
 * ContainerCreating, ErrImagePull then ImagePullBackOff, CrashLoopBackOff with "1 (0s ago)" restarts,
 * Completed and Error (restartPolicy Never), OutOfcpu (rejected by the kubelet), Terminating.
 */
function cluster() {
  return engineFromYaml(
    docs(
      nodeYaml("worker-1", { cpu: "2" }),
      podYaml("big", { image: "nginx:1.27", resources: { requests: { cpu: "8" } } }),
      podYaml(
        "pinned",
        { image: "nginx:1.27", resources: { requests: { cpu: "3" } } },
        { nodeName: "worker-1" },
      ),
      podYaml(
        "done",
        { image: "busybox:1.37", command: ["sh", "-c", "echo done"] },
        { restartPolicy: "Never" },
      ),
      podYaml(
        "failed",
        { image: "busybox:1.37", command: ["sh", "-c", "exit 3"] },
        { restartPolicy: "Never" },
      ),
      podYaml("crash", { image: "busybox:1.37", command: ["sh", "-c", "exit 1"] }),
      podYaml("pull", { image: "ngnix:1.27" }),
      podYaml("web", { image: "nginx:1.27" }),
    ),
    1,
  );
}

describe("the STATUS column", () => {
  it("follows each pod's life", () => {
    const engine = cluster();
    engine.runFor(1000);
    expect(out(engine, "get pods")).toBe(`NAME     READY   STATUS              RESTARTS   AGE
big      0/1     Pending             0          1s
crash    0/1     ContainerCreating   0          1s
done     0/1     ContainerCreating   0          1s
failed   0/1     ContainerCreating   0          1s
pinned   0/1     OutOfcpu            0          1s
pull     0/1     ContainerCreating   0          1s
web      0/1     ContainerCreating   0          1s
`);
    engine.runFor(1500);
    expect(out(engine, "get pods")).toBe(`NAME     READY   STATUS              RESTARTS     AGE
big      0/1     Pending             0            2s
crash    0/1     CrashLoopBackOff    1 (0s ago)   2s
done     0/1     Completed           0            2s
failed   0/1     Error               0            2s
pinned   0/1     OutOfcpu            0            2s
pull     0/1     ErrImagePull        0            2s
web      0/1     ContainerCreating   0            2s
`);
    engine.runFor(5500);
    expect(out(engine, "delete pod web")).toBe(`pod "web" deleted\n`);
    expect(out(engine, "get pods")).toBe(`NAME     READY   STATUS             RESTARTS     AGE
big      0/1     Pending            0            8s
crash    0/1     CrashLoopBackOff   1 (6s ago)   8s
done     0/1     Completed          0            8s
failed   0/1     Error              0            8s
pinned   0/1     OutOfcpu           0            8s
pull     0/1     ImagePullBackOff   0            8s
web      1/1     Terminating        0            8s
`);
  });

  it("describe shows why: the kubelet's rejection, the scheduler's FailedScheduling, a pod being deleted", () => {
    const engine = cluster();
    engine.runFor(8000);
    out(engine, "delete pod web");
    const pinned = out(engine, "describe pod pinned");
    expect(pinned).toContain(`Node:             worker-1/
Start Time:       Wed, 01 Jan 2025 00:00:00 +0000
Labels:           <none>
Annotations:      <none>
Status:           Failed
Reason:           OutOfcpu
Message:          Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000
IP:               
IPs:              <none>
`);
    expect(pinned).toContain(
      "  Warning  OutOfcpu  7s    kubelet  Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000\n",
    );
    const big = out(engine, "describe pod big");
    expect(big).toContain(`Conditions:
  Type           Status
  PodScheduled   False 
Volumes:         <none>
QoS Class:       Burstable
`);
    expect(big).toContain(
      "  Warning  FailedScheduling  4s (x3 over 7s)  default-scheduler  0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.\n",
    );
    expect(
      out(engine, "describe pod web"),
    ).toContain(`Status:                    Terminating (lasts <invalid>)
Termination Grace Period:  30s
`);
  });
});
