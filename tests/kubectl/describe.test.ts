import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { classroom, run } from "./fixtures.ts";

/**
 * `kubectl describe` and `get events`, compared whole with kubectl v1.31's layout: describe.go's field
 * order, Go's tabwriter alignment (blocks end at lines without a tab, so the container fields after
 * `Command:` align on their own), `<none>` placeholders, and events folded as "(x2 over 19s)".
 */
describe("at 20 s", () => {
  let engine: Engine;
  beforeAll(() => {
    engine = classroom(20);
  });

  it("get events: one row per folded event, oldest first", () => {
    const r = run(engine, "get events -n shop");
    expect(r.stdout).toBe(`LAST SEEN   TYPE     REASON      OBJECT      MESSAGE
19s         Normal   Scheduled   pod/cache   Successfully assigned shop/cache to worker-3
19s         Normal   Pulling     pod/cache   Pulling image "redis:7.4"
17s         Normal   Pulled      pod/cache   Successfully pulled image "redis:7.4" in 1.524s (1.524s including waiting). Image size: 44932798 bytes.
17s         Normal   Created     pod/cache   Created container redis
17s         Normal   Started     pod/cache   Started container redis
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("describe a Running pod", () => {
    const r = run(engine, "describe pod cache -n shop");
    expect(r.stdout).toBe(`Name:             cache
Namespace:        shop
Priority:         0
Service Account:  default
Node:             worker-3/10.0.0.7
Start Time:       Wed, 01 Jan 2025 00:00:00 +0000
Labels:           app=cache
Annotations:      <none>
Status:           Running
IP:               10.244.3.2
IPs:
  IP:  10.244.3.2
Containers:
  redis:
    Container ID:   containerd://4d3d5eff06a909144d3d5eff06a909144d3d5eff06a909144d3d5eff06a90914
    Image:          redis:7.4
    Image ID:       docker.io/library/redis@sha256:f8ba4879a83d1656f7ba46e6040e27dff6ba4553f0999234f5ba43c04c6ac44d
    Port:           <none>
    Host Port:      <none>
    State:          Running
      Started:      Wed, 01 Jan 2025 00:00:02 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:         <none>
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:                      <none>
QoS Class:                    BestEffort
Node-Selectors:               <none>
Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  19s   default-scheduler  Successfully assigned shop/cache to worker-3
  Normal  Pulling    19s   kubelet            Pulling image "redis:7.4"
  Normal  Pulled     17s   kubelet            Successfully pulled image "redis:7.4" in 1.524s (1.524s including waiting). Image size: 44932798 bytes.
  Normal  Created    17s   kubelet            Created container redis
  Normal  Started    17s   kubelet            Started container redis
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("describe an ImagePullBackOff pod: no container ID yet, repeated pulls folded", () => {
    const r = run(engine, "describe pod typo");
    expect(r.stdout).toBe(`Name:             typo
Namespace:        default
Priority:         0
Service Account:  default
Node:             worker-2/10.0.0.6
Start Time:       Wed, 01 Jan 2025 00:00:00 +0000
Labels:           app=typo
Annotations:      <none>
Status:           Pending
IP:               10.244.2.2
IPs:
  IP:  10.244.2.2
Containers:
  main:
    Container ID:   
    Image:          ngnix:1.27
    Image ID:       
    Port:           <none>
    Host Port:      <none>
    State:          Waiting
      Reason:       ImagePullBackOff
    Ready:          False
    Restart Count:  0
    Environment:    <none>
    Mounts:         <none>
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       False 
  ContainersReady             False 
  PodScheduled                True 
Volumes:                      <none>
QoS Class:                    BestEffort
Node-Selectors:               <none>
Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type     Reason     Age               From               Message
  ----     ------     ----              ----               -------
  Normal   Scheduled  19s               default-scheduler  Successfully assigned default/typo to worker-2
  Normal   Pulling    8s (x2 over 19s)  kubelet            Pulling image "ngnix:1.27"
  Warning  Failed     8s (x2 over 18s)  kubelet            Failed to pull image "ngnix:1.27": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/ngnix:1.27": failed to resolve reference "docker.io/library/ngnix:1.27": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed
  Warning  Failed     8s (x2 over 18s)  kubelet            Error: ErrImagePull
  Normal   BackOff    6s (x2 over 16s)  kubelet            Back-off pulling image "ngnix:1.27"
  Warning  Failed     6s (x2 over 16s)  kubelet            Error: ImagePullBackOff
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("describe node: lease, conditions, capacity, the pods' requests against allocatable", () => {
    const r = run(engine, "describe node worker-3");
    expect(r.stdout).toBe(`Name:               worker-3
Roles:              <none>
Labels:             kubernetes.io/arch=amd64
                    kubernetes.io/hostname=worker-3
                    kubernetes.io/os=linux
                    node.kubernetes.io/instance-type=local-4c8g
Annotations:        kubeclass.dev/price-per-hour: 0
                    kubeclass.dev/provider: local
                    kubeclass.dev/runtime: containerd
CreationTimestamp:  Wed, 01 Jan 2025 00:00:00 +0000
Taints:             <none>
Unschedulable:      false
Lease:
  HolderIdentity:  worker-3
  AcquireTime:     Wed, 01 Jan 2025 00:00:00 +0000
  RenewTime:       Wed, 01 Jan 2025 00:00:10 +0000
Conditions:
  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----             ------  -----------------                 ------------------                ------                       -------
  MemoryPressure   False   Wed, 01 Jan 2025 00:00:00 +0000   Wed, 01 Jan 2025 00:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available
  DiskPressure     False   Wed, 01 Jan 2025 00:00:00 +0000   Wed, 01 Jan 2025 00:00:00 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure
  PIDPressure      False   Wed, 01 Jan 2025 00:00:00 +0000   Wed, 01 Jan 2025 00:00:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available
  Ready            True    Wed, 01 Jan 2025 00:00:00 +0000   Wed, 01 Jan 2025 00:00:00 +0000   KubeletReady                 kubelet is posting ready status
Addresses:
  InternalIP:  10.0.0.7
  Hostname:    worker-3
Capacity:
  cpu:     4
  memory:  8Gi
  pods:    110
Allocatable:
  cpu:     4
  memory:  8Gi
  pods:    110
System Info:
  Machine ID:                 2e5b532da60224e92b5b4e74928c892b
  System UUID:                185af03a-c9c1-f671-175a-eea7259204a2
  Boot ID:                    0d2bc709-70b4-ce00-0a2b-c2508428e474
  Kernel Version:             6.1.0-28-cloud-amd64
  OS Image:                   Debian GNU/Linux 12 (bookworm)
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.7.24
  Kubelet Version:            v1.31.4
PodCIDR:                      10.244.3.0/24
PodCIDRs:                     10.244.3.0/24
Non-terminated Pods:          (2 in total)
  Namespace                   Name                    CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                    ------------  ----------  ---------------  -------------  ---
  default                     web-68dbf68548-jwvdh    250m (6%)     0 (0%)      128Mi (1%)       256Mi (3%)     19s
  shop                        cache                   0 (0%)        0 (0%)      0 (0%)           0 (0%)         20s
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests    Limits
  --------           --------    ------
  cpu                250m (6%)   0 (0%)
  memory             128Mi (1%)  256Mi (3%)
  ephemeral-storage  0 (0%)      0 (0%)
Events:
  Type    Reason                   Age   From             Message
  ----    ------                   ----  ----             -------
  Normal  Starting                 20s   kubelet          Starting kubelet.
  Normal  NodeAllocatableEnforced  20s   kubelet          Updated Node Allocatable limit across pods
  Normal  RegisteredNode           20s   node-controller  Node worker-3 event: Registered Node worker-3 in Controller
  Normal  NodeReady                20s   kubelet          Node worker-3 status is now: NodeReady
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });
});
