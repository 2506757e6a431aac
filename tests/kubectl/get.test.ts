import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { classroom, run } from "./fixtures.ts";

/**
 * `kubectl get` against the classroom cluster at 60 s (seed 1): whole tables compared with what kubectl
 * v1.31 prints for the same objects (columns, STATUS reasons, RESTARTS with "(27s ago)", kind-prefixed
 * names when several kinds are asked, blank lines between tables, stderr messages).
 */
let engine: Engine;
beforeAll(() => {
  engine = classroom(60);
});

describe("kubectl get", () => {
  it("pods: NAME READY STATUS RESTARTS AGE, sorted by name", () => {
    const r = run(engine, "get pods");
    expect(r.stdout).toBe(`NAME                   READY   STATUS             RESTARTS      AGE
crash                  0/1     CrashLoopBackOff   3 (27s ago)   60s
typo                   0/1     ImagePullBackOff   0             60s
web-68dbf68548-8qzmw   1/1     Running            0             59s
web-68dbf68548-jwvdh   1/1     Running            0             59s
web-68dbf68548-l656p   1/1     Running            0             59s
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("-o wide adds IP, NODE, NOMINATED NODE, READINESS GATES", () => {
    const r = run(engine, "get pods -o wide");
    expect(
      r.stdout,
    ).toBe(`NAME                   READY   STATUS             RESTARTS      AGE   IP           NODE       NOMINATED NODE   READINESS GATES
crash                  0/1     CrashLoopBackOff   3 (27s ago)   60s   10.244.1.2   worker-1   <none>           <none>
typo                   0/1     ImagePullBackOff   0             60s   10.244.2.2   worker-2   <none>           <none>
web-68dbf68548-8qzmw   1/1     Running            0             59s   10.244.2.3   worker-2   <none>           <none>
web-68dbf68548-jwvdh   1/1     Running            0             59s   10.244.3.3   worker-3   <none>           <none>
web-68dbf68548-l656p   1/1     Running            0             59s   10.244.1.3   worker-1   <none>           <none>
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("-A adds NAMESPACE and lists every namespace", () => {
    const r = run(engine, "get po -A");
    // The control plane's own pods are in kube-system, as kubeadm leaves them.
    expect(
      r.stdout,
    ).toBe(`NAMESPACE     NAME                               READY   STATUS             RESTARTS      AGE
default       crash                              0/1     CrashLoopBackOff   3 (27s ago)   60s
default       typo                               0/1     ImagePullBackOff   0             60s
default       web-68dbf68548-8qzmw               1/1     Running            0             59s
default       web-68dbf68548-jwvdh               1/1     Running            0             59s
default       web-68dbf68548-l656p               1/1     Running            0             59s
kube-system   coredns-7c65d6cfc9-lhdd8           1/1     Running            0             60s
kube-system   coredns-7c65d6cfc9-v2qwd           1/1     Running            0             60s
kube-system   etcd-master-1                      1/1     Running            0             60s
kube-system   kube-apiserver-master-1            1/1     Running            0             60s
kube-system   kube-controller-manager-master-1   1/1     Running            0             60s
kube-system   kube-proxy-hhldg                   1/1     Running            0             60s
kube-system   kube-proxy-nhljd                   1/1     Running            0             60s
kube-system   kube-proxy-r2xwl                   1/1     Running            0             60s
kube-system   kube-proxy-vcs84                   1/1     Running            0             60s
kube-system   kube-scheduler-master-1            1/1     Running            0             60s
shop          cache                              1/1     Running            0             60s
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("-l equality selector", () => {
    const r = run(engine, "get pods -l app=web");
    expect(r.stdout).toBe(`NAME                   READY   STATUS    RESTARTS   AGE
web-68dbf68548-8qzmw   1/1     Running   0          59s
web-68dbf68548-jwvdh   1/1     Running   0          59s
web-68dbf68548-l656p   1/1     Running   0          59s
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("-l set-based and inequality selectors combined", () => {
    const r = run(engine, "get pods -l 'app in (batch,typo)',app!=typo");
    expect(r.stdout).toBe(`NAME    READY   STATUS             RESTARTS      AGE
crash   0/1     CrashLoopBackOff   3 (27s ago)   60s
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("-l existence and negation", () => {
    const r = run(engine, "get pods -l '!tier,app'");
    expect(r.stdout).toBe(`NAME    READY   STATUS             RESTARTS      AGE
crash   0/1     CrashLoopBackOff   3 (27s ago)   60s
typo    0/1     ImagePullBackOff   0             60s
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("--show-labels adds LABELS", () => {
    const r = run(engine, "get pods -l app=batch --show-labels");
    expect(r.stdout).toBe(`NAME    READY   STATUS             RESTARTS      AGE   LABELS
crash   0/1     CrashLoopBackOff   3 (27s ago)   60s   app=batch
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("nodes -o wide", () => {
    const r = run(engine, "get nodes -o wide");
    expect(
      r.stdout,
    ).toBe(`NAME       STATUS   ROLES    AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION         CONTAINER-RUNTIME
worker-1   Ready    <none>   60s   v1.31.4   10.0.0.5      <none>        Debian GNU/Linux 12 (bookworm)   6.1.0-28-cloud-amd64   containerd://1.7.24
worker-2   Ready    <none>   60s   v1.31.4   10.0.0.6      <none>        Debian GNU/Linux 12 (bookworm)   6.1.0-28-cloud-amd64   containerd://1.7.24
worker-3   Ready    <none>   60s   v1.31.4   10.0.0.7      <none>        Debian GNU/Linux 12 (bookworm)   6.1.0-28-cloud-amd64   containerd://1.7.24
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("deploy,rs: one table per kind, names prefixed", () => {
    const r = run(engine, "get deploy,rs");
    expect(r.stdout).toBe(`NAME                  READY   UP-TO-DATE   AVAILABLE   AGE
deployment.apps/web   3/3     3            3           60s

NAME                             DESIRED   CURRENT   READY   AGE
replicaset.apps/web-68dbf68548   3         3         3       59s
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("deployments -o wide: CONTAINERS IMAGES SELECTOR", () => {
    const r = run(engine, "get deployments -o wide");
    expect(r.stdout).toBe(`NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR
web    3/3     3            3           60s   nginx        nginx:1.27   app=web
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("svc,ep", () => {
    const r = run(engine, "get svc,ep");
    expect(r.stdout).toBe(`NAME                 TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)   AGE
service/kubernetes   ClusterIP   10.96.0.1       <none>        443/TCP   60s
service/web          ClusterIP   10.96.176.134   <none>        80/TCP    60s

NAME                   ENDPOINTS                                   AGE
endpoints/kubernetes   10.0.255.10:6443                            60s
endpoints/web          10.244.1.3:80,10.244.2.3:80,10.244.3.3:80   59s
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("services -o wide adds SELECTOR", () => {
    const r = run(engine, "get svc -o wide");
    expect(r.stdout).toBe(`NAME         TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)   AGE   SELECTOR
kubernetes   ClusterIP   10.96.0.1       <none>        443/TCP   60s   <none>
web          ClusterIP   10.96.176.134   <none>        80/TCP    60s   app=web
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("TYPE/NAME form", () => {
    const r = run(engine, "get deployment/web");
    expect(r.stdout).toBe(`NAME   READY   UP-TO-DATE   AVAILABLE   AGE
web    3/3     3            3           60s
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("a named pod that exists and one that does not", () => {
    const r = run(engine, "get pod crash nope");
    expect(r.stdout).toBe(`NAME    READY   STATUS             RESTARTS      AGE
crash   0/1     CrashLoopBackOff   3 (27s ago)   60s
`);
    expect(r.stderr).toBe(`Error from server (NotFound): pods "nope" not found
`);
    expect(r.exitCode).toBe(1);
  });

  it("namespaces", () => {
    const r = run(engine, "get ns");
    expect(r.stdout).toBe(`NAME              STATUS   AGE
default           Active   60s
kube-node-lease   Active   60s
kube-public       Active   60s
kube-system       Active   60s
shop              Active   60s
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("no objects: the message goes to stderr", () => {
    const r = run(engine, "get pods -n nope");
    expect(r.stdout).toBe(``);
    expect(r.stderr).toBe(`No resources found in nope namespace.
`);
    expect(r.exitCode).toBe(0);
  });

  it("no objects cluster-wide", () => {
    const r = run(engine, "get pods -l app=none -A");
    expect(r.stdout).toBe(``);
    expect(r.stderr).toBe(`No resources found
`);
    expect(r.exitCode).toBe(0);
  });

  it("-o name", () => {
    const r = run(engine, "get svc,ep,deploy -o name");
    expect(r.stdout).toBe(`service/kubernetes
service/web
endpoints/kubernetes
endpoints/web
deployment.apps/web
`);
    expect(r.stderr).toBe(``);
    expect(r.exitCode).toBe(0);
  });

  it("get all: pods, services, deployments and replica sets, each kind its own table", () => {
    const r = run(engine, "get all");
    expect(r.stdout.split("\n\n").map((t) => t.split("\n")[1]?.split(" ")[0])).toEqual([
      "pod/crash",
      "service/kubernetes",
      "deployment.apps/web",
      "replicaset.apps/web-68dbf68548",
    ]);
  });

  it("--field-selector on the fields the API server indexes", () => {
    expect(run(engine, "get pods -A --field-selector spec.nodeName=worker-3").stdout).toBe(
      "NAMESPACE     NAME                   READY   STATUS    RESTARTS   AGE\n" +
        "default       web-68dbf68548-jwvdh   1/1     Running   0          59s\n" +
        "kube-system   kube-proxy-hhldg       1/1     Running   0          60s\n" +
        "shop          cache                  1/1     Running   0          60s\n",
    );
    expect(run(engine, "get ev --field-selector type=Warning,involvedObject.name=crash").stdout).toMatch(
      /^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE\n3s +Warning +BackOff +pod\/crash +Back-off restarting failed container main in pod crash_default\(/,
    );
    expect(run(engine, "get pods --field-selector foo=bar")).toEqual({
      stdout: "",
      stderr:
        'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "foo=bar": field label not supported: foo\n',
      exitCode: 1,
    });
  });

  it("reading never changes the cluster", () => {
    const before = engine.hash();
    for (const line of [
      "get all -A -o yaml",
      "describe nodes",
      "describe pods",
      "get events -A -o wide",
      "logs crash",
    ]) {
      run(engine, line);
    }
    expect(engine.hash()).toBe(before);
  });
});
