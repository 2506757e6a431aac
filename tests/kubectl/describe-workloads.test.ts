import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { classroom, run } from "./fixtures.ts";

/**
 * `kubectl describe` of a crash-looping pod, a Deployment, its ReplicaSet and Service at 60 s, compared
 * whole with kubectl v1.31: describe.go's field order, the pod template, conditions, old and new
 * ReplicaSets, name-prefix matching and several objects separated by blank lines.
 */
describe("at 60 s", () => {
  let engine: Engine;
  beforeAll(() => {
    engine = classroom(60);
  });

  it("describe a CrashLoopBackOff pod: State, Last State, Restart Count", () => {
    const r = run(engine, "describe pod crash");
    expect(r.stdout).toBe(`Name:             crash
Namespace:        default
Priority:         0
Service Account:  default
Node:             worker-1/10.0.0.5
Start Time:       Wed, 01 Jan 2025 00:00:00 +0000
Labels:           app=batch
Annotations:      <none>
Status:           Running
IP:               10.244.1.2
IPs:
  IP:  10.244.1.2
Containers:
  main:
    Container ID:  containerd://cea733abc508bbbdcea733abc508bbbdcea733abc508bbbdcea733abc508bbbd
    Image:         busybox:1.37
    Image ID:      docker.io/library/busybox@sha256:e04f90b2ff612761e14f92455b327550de4f8d8cb705c2c3df4f8f1f12d6b3f2
    Port:          <none>
    Host Port:     <none>
    Command:
      sh
      -c
      echo starting; exit 1
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       Error
      Exit Code:    1
      Started:      Wed, 01 Jan 2025 00:00:32 +0000
      Finished:     Wed, 01 Jan 2025 00:00:32 +0000
    Ready:          False
    Restart Count:  3
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
  Type     Reason     Age                From               Message
  ----     ------     ----               ----               -------
  Normal   Scheduled  59s                default-scheduler  Successfully assigned default/crash to worker-1
  Normal   Pulling    59s                kubelet            Pulling image "busybox:1.37"
  Normal   Pulled     58s                kubelet            Successfully pulled image "busybox:1.37" in 454ms (454ms including waiting). Image size: 2160000 bytes.
  Normal   Pulled     28s (x3 over 58s)  kubelet            Container image "busybox:1.37" already present on machine
  Normal   Created    28s (x4 over 58s)  kubelet            Created container main
  Normal   Started    27s (x4 over 58s)  kubelet            Started container main
  Warning  BackOff    3s (x6 over 58s)   kubelet            Back-off restarting failed container main in pod crash_default(e86dd46e-49c7-4815-aa97-c4b07b883c59)
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("describe deployment: strategy, pod template, conditions, replica sets", () => {
    const r = run(engine, "describe deployment web");
    expect(r.stdout).toBe(`Name:                   web
Namespace:              default
CreationTimestamp:      Wed, 01 Jan 2025 00:00:00 +0000
Labels:                 app=web
                        tier=frontend
Annotations:            deployment.kubernetes.io/revision: 1
Selector:               app=web
Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=web
           tier=frontend
  Containers:
   nginx:
    Image:      nginx:1.27
    Port:       80/TCP
    Host Port:  0/TCP
    Limits:
      memory:  256Mi
    Requests:
      cpu:         250m
      memory:      128Mi
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  <none>
NewReplicaSet:   web-68dbf68548 (3/3 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  59s   deployment-controller  Scaled up replica set web-68dbf68548 from 0 to 3
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("describe replicaset: Controlled By and Pods Status", () => {
    const r = run(engine, "describe rs web-68dbf68548");
    expect(r.stdout).toBe(`Name:           web-68dbf68548
Namespace:      default
Selector:       app=web,pod-template-hash=68dbf68548
Labels:         app=web
                pod-template-hash=68dbf68548
                tier=frontend
Annotations:    deployment.kubernetes.io/desired-replicas: 3
                deployment.kubernetes.io/max-replicas: 4
                deployment.kubernetes.io/revision: 1
Controlled By:  Deployment/web
Replicas:       3 current / 3 desired
Pods Status:    3 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=web
           pod-template-hash=68dbf68548
           tier=frontend
  Containers:
   nginx:
    Image:      nginx:1.27
    Port:       80/TCP
    Host Port:  0/TCP
    Limits:
      memory:  256Mi
    Requests:
      cpu:         250m
      memory:      128Mi
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:
  Type    Reason            Age   From                   Message
  ----    ------            ----  ----                   -------
  Normal  SuccessfulCreate  59s   replicaset-controller  Created pod: web-68dbf68548-8qzmw
  Normal  SuccessfulCreate  59s   replicaset-controller  Created pod: web-68dbf68548-l656p
  Normal  SuccessfulCreate  59s   replicaset-controller  Created pod: web-68dbf68548-jwvdh
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("describe service: ports and endpoints", () => {
    const r = run(engine, "describe svc web");
    expect(r.stdout).toBe(`Name:                     web
Namespace:                default
Labels:                   app=web
Annotations:              <none>
Selector:                 app=web
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.176.134
IPs:                      10.96.176.134
Port:                     <unset>  80/TCP
TargetPort:               80/TCP
Endpoints:                10.244.1.3:80,10.244.2.3:80,10.244.3.3:80
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("a name prefix describes every match", () => {
    const r = run(engine, "describe pods web-68dbf68548-8");
    expect(r.stdout).toBe(`Name:             web-68dbf68548-8qzmw
Namespace:        default
Priority:         0
Service Account:  default
Node:             worker-2/10.0.0.6
Start Time:       Wed, 01 Jan 2025 00:00:00 +0000
Labels:           app=web
                  pod-template-hash=68dbf68548
                  tier=frontend
Annotations:      <none>
Status:           Running
IP:               10.244.2.3
IPs:
  IP:           10.244.2.3
Controlled By:  ReplicaSet/web-68dbf68548
Containers:
  nginx:
    Container ID:   containerd://9b7d8a52b1005e4b9b7d8a52b1005e4b9b7d8a52b1005e4b9b7d8a52b1005e4b
    Image:          nginx:1.27
    Image ID:       docker.io/library/nginx@sha256:b01f7e14664e5a36b11f7fa70a7cb9efb21f813aaeab9ed4b31f82cd52d87c5d
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Wed, 01 Jan 2025 00:00:03 +0000
    Ready:          True
    Restart Count:  0
    Limits:
      memory:  256Mi
    Requests:
      cpu:        250m
      memory:     128Mi
    Environment:  <none>
    Mounts:       <none>
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:                      <none>
QoS Class:                    Burstable
Node-Selectors:               <none>
Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  59s   default-scheduler  Successfully assigned default/web-68dbf68548-8qzmw to worker-2
  Normal  Pulling    59s   kubelet            Pulling image "nginx:1.27"
  Normal  Pulled     56s   kubelet            Successfully pulled image "nginx:1.27" in 2.152s (2.452s including waiting). Image size: 70064599 bytes.
  Normal  Created    56s   kubelet            Created container nginx
  Normal  Started    56s   kubelet            Started container nginx

`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("TYPE with no name describes them all, separated by blank lines", () => {
    const r = run(engine, "describe ns -l kubernetes.io/metadata.name!=kube-node-lease");
    expect(r.stdout).toBe(`Name:         default
Labels:       kubernetes.io/metadata.name=default
Annotations:  <none>
Status:       Active

No resource quota.

No LimitRange resource.


Name:         kube-public
Labels:       kubernetes.io/metadata.name=kube-public
Annotations:  <none>
Status:       Active

No resource quota.

No LimitRange resource.


Name:         kube-system
Labels:       kubernetes.io/metadata.name=kube-system
Annotations:  <none>
Status:       Active

No resource quota.

No LimitRange resource.


Name:         shop
Labels:       kubernetes.io/metadata.name=shop
Annotations:  <none>
Status:       Active

No resource quota.

No LimitRange resource.
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("a missing object", () => {
    const r = run(engine, "describe deployment nope");
    expect(r.stdout).toBe(``);
    expect(r.stderr).toBe(`Error from server (NotFound): deployments.apps "nope" not found
`);
    expect(r.exitCode).toBe(1);
  });

  it("--show-events=false leaves the Events section out", () => {
    const r = run(engine, "describe svc web --show-events=false");
    expect(r.stdout).toMatch(/\nInternal Traffic Policy: {2}Cluster\n$/);
    expect(r.stdout).not.toContain("Events:");
  });
});
