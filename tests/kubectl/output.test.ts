import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { classroom, out, run } from "./fixtures.ts";

/**
 * `-o yaml` and `-o json`: Kubernetes-shaped objects as the API server serves them, keys sorted as
 * kubectl prints unstructured objects, YAML list items at their parent's indentation with timestamps and
 * numeric strings quoted (go-yaml), JSON indented by four spaces; several objects come as a `kind: List`.
 */
let engine: Engine;
beforeAll(() => {
  engine = classroom(20);
});

describe("kubectl get -o yaml|json", () => {
  it("a Service as YAML", () => {
    const r = run(engine, "get svc web -o yaml");
    expect(r.stdout).toBe(`apiVersion: v1
kind: Service
metadata:
  creationTimestamp: "2025-01-01T00:00:00Z"
  labels:
    app: web
  name: web
  namespace: default
  resourceVersion: "26"
  uid: e36dcc8f-e87b-4b14-a333-2079873d3bdb
spec:
  clusterIP: 10.96.176.134
  clusterIPs:
  - 10.96.176.134
  internalTrafficPolicy: Cluster
  ipFamilies:
  - IPv4
  ipFamilyPolicy: SingleStack
  ports:
  - port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: web
  sessionAffinity: None
  type: ClusterIP
status:
  loadBalancer: {}
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("a node Lease, times in microseconds", () => {
    const r = run(engine, "get lease worker-1 -n kube-node-lease -o yaml");
    expect(r.stdout).toBe(`apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  creationTimestamp: "2025-01-01T00:00:00Z"
  name: worker-1
  namespace: kube-node-lease
  ownerReferences:
  - apiVersion: v1
    kind: Node
    name: worker-1
    uid: f46ba8bb-e897-408f-af50-342db0069e95
  resourceVersion: "105"
  uid: f36ba728-4468-43e6-a3dd-ad8e91f8ee71
spec:
  acquireTime: "2025-01-01T00:00:00.000000Z"
  holderIdentity: worker-1
  leaseDurationSeconds: 40
  renewTime: "2025-01-01T00:00:10.100000Z"
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("a Namespace as JSON", () => {
    const r = run(engine, "get ns shop -o json");
    expect(r.stdout).toBe(`{
    "apiVersion": "v1",
    "kind": "Namespace",
    "metadata": {
        "creationTimestamp": "2025-01-01T00:00:00Z",
        "labels": {
            "kubernetes.io/metadata.name": "shop"
        },
        "name": "shop",
        "resourceVersion": "22",
        "uid": "df6dc643-57c2-4db0-a7bf-f9ddc3ccd832"
    },
    "spec": {
        "finalizers": [
            "kubernetes"
        ]
    },
    "status": {
        "phase": "Active"
    }
}
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("ReplicaSets as a List, owner reference and template included", () => {
    const r = run(engine, "get rs -o yaml");
    expect(r.stdout).toBe(`apiVersion: v1
items:
- apiVersion: apps/v1
  kind: ReplicaSet
  metadata:
    annotations:
      deployment.kubernetes.io/desired-replicas: "3"
      deployment.kubernetes.io/max-replicas: "4"
      deployment.kubernetes.io/revision: "1"
    creationTimestamp: "2025-01-01T00:00:00Z"
    generation: 1
    labels:
      app: web
      pod-template-hash: 68dbf68548
      tier: frontend
    name: web-68dbf68548
    namespace: default
    ownerReferences:
    - apiVersion: apps/v1
      blockOwnerDeletion: true
      controller: true
      kind: Deployment
      name: web
      uid: e26dcafc-444c-4ded-a8fe-00ba52906e00
    resourceVersion: "96"
    uid: e1700800-93d2-4e60-a16e-8feaa62d5107
  spec:
    replicas: 3
    selector:
      matchLabels:
        app: web
        pod-template-hash: 68dbf68548
    template:
      metadata:
        creationTimestamp: null
        labels:
          app: web
          pod-template-hash: 68dbf68548
          tier: frontend
      spec:
        containers:
        - image: nginx:1.27
          imagePullPolicy: IfNotPresent
          name: nginx
          ports:
          - containerPort: 80
            protocol: TCP
          resources:
            limits:
              memory: 256Mi
            requests:
              cpu: 250m
              memory: 128Mi
          terminationMessagePath: /dev/termination-log
          terminationMessagePolicy: File
        dnsPolicy: ClusterFirst
        restartPolicy: Always
        schedulerName: default-scheduler
        securityContext: {}
        terminationGracePeriodSeconds: 30
  status:
    availableReplicas: 3
    fullyLabeledReplicas: 3
    observedGeneration: 1
    readyReplicas: 3
    replicas: 3
kind: List
metadata:
  resourceVersion: ""
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("a list of pods as JSON: items in namespace/name order, every pod complete", () => {
    const list = JSON.parse(out(engine, "get pods -A -o json"));
    expect(Object.keys(list)).toEqual(["apiVersion", "items", "kind", "metadata"]);
    expect(list).toMatchObject({ apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" } });
    expect(list.items.map((p: { metadata: { namespace: string; name: string } }) => p.metadata.name)).toEqual(
      [
        "crash",
        "typo",
        "web-68dbf68548-8qzmw",
        "web-68dbf68548-jwvdh",
        "web-68dbf68548-l656p",
        "coredns-7c65d6cfc9-lhdd8",
        "coredns-7c65d6cfc9-v2qwd",
        "etcd-master-1",
        "kube-apiserver-master-1",
        "kube-controller-manager-master-1",
        "kube-proxy-hhldg",
        "kube-proxy-nhljd",
        "kube-proxy-r2xwl",
        "kube-proxy-vcs84",
        "kube-scheduler-master-1",
        "cache",
      ],
    );
    const crash = list.items[0];
    expect(crash.status.containerStatuses[0]).toMatchObject({
      name: "main",
      image: "docker.io/library/busybox:1.37",
      ready: false,
      restartCount: 2,
      state: { waiting: { reason: "CrashLoopBackOff" } },
      lastState: { terminated: { exitCode: 1, reason: "Error" } },
    });
    expect(crash.spec).toMatchObject({
      dnsPolicy: "ClusterFirst",
      serviceAccountName: "default",
      nodeName: "worker-1",
    });
    const web = list.items[2];
    // The API server defaults missing requests to the limits on pods.
    expect(web.spec.containers[0].resources).toEqual({
      limits: { memory: "256Mi" },
      requests: { cpu: "250m", memory: "128Mi" },
    });
    expect(web.metadata.ownerReferences[0]).toMatchObject({
      kind: "ReplicaSet",
      name: "web-68dbf68548",
      controller: true,
    });
  });

  it("JSON is indented by four spaces with sorted keys", () => {
    const text = out(engine, "get node worker-1 -o json");
    expect(
      text.startsWith(
        '{\n    "apiVersion": "v1",\n    "kind": "Node",\n    "metadata": {\n        "annotations": {\n',
      ),
    ).toBe(true);
    const node = JSON.parse(text);
    expect(node.status.capacity).toEqual({ cpu: "4", memory: "8Gi", pods: "110" });
    expect(
      node.status.conditions.map((c: { type: string; status: string }) => `${c.type}=${c.status}`),
    ).toEqual(["MemoryPressure=False", "DiskPressure=False", "PIDPressure=False", "Ready=True"]);
  });

  it("events are folded: one Event per repeated occurrence with its count", () => {
    const list = JSON.parse(out(engine, "get events -o json"));
    const backoff = list.items.filter(
      (e: { reason: string; involvedObject: { name: string } }) =>
        e.reason === "BackOff" && e.involvedObject.name === "crash",
    );
    expect(backoff).toHaveLength(1);
    expect(backoff[0]).toMatchObject({
      apiVersion: "v1",
      kind: "Event",
      type: "Warning",
      count: 2,
      firstTimestamp: "2025-01-01T00:00:01Z",
      lastTimestamp: "2025-01-01T00:00:12Z",
      involvedObject: {
        kind: "Pod",
        name: "crash",
        namespace: "default",
        fieldPath: "spec.containers{main}",
      },
      source: { component: "kubelet", host: "worker-1" },
    });
  });

  it("a missing object prints nothing on stdout", () => {
    const r = run(engine, "get pod nope -o yaml");
    expect(r).toEqual({
      stdout: "",
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      exitCode: 1,
    });
  });

  it("an empty list is still printed as a List", () => {
    expect(out(engine, "get deploy -n shop -o json")).toBe(
      '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
    );
  });

  it("unsupported and unknown output formats are refused", () => {
    expect(run(engine, "get pods -o jsonpath={.items}").stderr).toBe(
      'error: the output format "jsonpath" is not available in this console; use -o yaml, json, name or wide\n',
    );
    expect(run(engine, "get pods -o xml")).toEqual({
      stdout: "",
      stderr:
        'error: unable to match a printer suitable for the output format "xml", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n',
      exitCode: 1,
    });
  });
});
