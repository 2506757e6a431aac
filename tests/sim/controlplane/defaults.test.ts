import { describe, expect, it } from "vitest";
import { out, run } from "../../kubectl/fixtures.ts";
import { engineFromYaml, nodeYaml, scenarioDoc } from "../harness.ts";

/**
 * What every cluster has before the class begins, as kubeadm leaves it: the `kubernetes` and `kube-dns`
 * Services, the control plane's pods and CoreDNS in kube-system, the default ServiceAccount and the
 * kube-root-ca.crt ConfigMap in every namespace, and DNS that answers through kube-dns.
 */
describe("cluster defaults", () => {
  const engine = engineFromYaml(nodeYaml("worker-1"));

  it("kubectl get svc -A: kubernetes (10.96.0.1:443) and kube-dns (10.96.0.10)", () => {
    expect(out(engine, "get svc -A")).toBe(
      [
        "NAMESPACE     NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE",
        "default       kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP                  0s",
        "kube-system   kube-dns     ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   0s",
        "",
      ].join("\n"),
    );
    expect(out(engine, "get ep kube-dns -n kube-system --no-headers")).toMatch(
      /^kube-dns\s+10\.244\.0\.2:53,10\.244\.0\.3:53,10\.244\.0\.2:53 \+ 3 more\.\.\.\s/,
    );
  });

  it("kubectl get pods -n kube-system: CoreDNS, the control plane's static pods and kube-proxy, Running", () => {
    const rows = out(engine, "get pods -n kube-system --no-headers -o wide").trim().split("\n");
    expect(
      rows.map((r) =>
        r
          .split(/\s+/)
          .slice(0, 3)
          .concat(r.split(/\s+/)[6] ?? ""),
      ),
    ).toEqual([
      ["coredns-7c65d6cfc9-lhdd8", "1/1", "Running", "master-1"],
      ["coredns-7c65d6cfc9-v2qwd", "1/1", "Running", "master-1"],
      ["etcd-master-1", "1/1", "Running", "master-1"],
      ["kube-apiserver-master-1", "1/1", "Running", "master-1"],
      ["kube-controller-manager-master-1", "1/1", "Running", "master-1"],
      // kube-proxy's DaemonSet: one pod on every machine, on its network
      ["kube-proxy-nhljd", "1/1", "Running", "master-1"],
      ["kube-proxy-vcs84", "1/1", "Running", "worker-1"],
      ["kube-scheduler-master-1", "1/1", "Running", "master-1"],
    ]);
    expect(out(engine, "describe pod etcd-master-1 -n kube-system")).toContain(
      "Priority Class Name:  system-node-critical",
    );
  });

  it("the system pods are not the class's: the scheduler, kubelets and board never see them", () => {
    expect(Object.keys(engine.state.pods)).toEqual([]);
    expect(run(engine, "get pods").stderr).toBe("No resources found in default namespace.\n");
  });

  it("a failed etcd member shows in its pod", () => {
    const ha = engineFromYaml(
      [
        nodeYaml("worker-1"),
        scenarioDoc(
          "  controlPlane: { replicas: 3 }\n  timeline:\n    - { at: 1s, action: FailEtcdMember, master: master-2 }",
        ),
      ].join("\n---\n"),
    );
    ha.runFor(5000);
    expect(out(ha, "get pod etcd-master-2 -n kube-system --no-headers")).toMatch(
      /^etcd-master-2\s+0\/1\s+Unknown\s+0\s/,
    );
    expect(out(ha, "get pod etcd-master-1 -n kube-system --no-headers")).toMatch(
      /^etcd-master-1\s+1\/1\s+Running\s/,
    );
    expect(out(ha, "get ep kubernetes --no-headers")).toMatch(
      /^kubernetes\s+10\.0\.255\.10:6443,10\.0\.255\.11:6443,10\.0\.255\.12:6443\s/,
    );
  });

  it("DNS answers for the kube-dns Service, and pods everywhere get the KUBERNETES_ variables", () => {
    const e = engineFromYaml(
      [
        nodeYaml("worker-1"),
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: team}",
        `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: team}
spec:
  restartPolicy: Never
  containers:
    - name: c
      image: busybox:1.36
      command: [sh, -c, "nslookup kube-dns.kube-system; printenv KUBERNETES_SERVICE_HOST"]`,
      ].join("\n---\n"),
    );
    e.runFor(20_000);
    const logs = out(e, "logs p -n team");
    expect(logs).toContain("Name:\tkube-dns.kube-system.svc.cluster.local\nAddress: 10.96.0.10\n");
    expect(logs.trim().split("\n").at(-1)).toBe("10.96.0.1");
  });
});
