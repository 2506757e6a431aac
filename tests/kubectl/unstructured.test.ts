import { describe, expect, it } from "vitest";
import { docs, engineFromYaml, nodeYaml } from "../sim/harness.ts";
import { out, run, WEB_DEPLOYMENT, WEB_SERVICE } from "./fixtures.ts";

/**
 * Kinds the API server serves and the game does not simulate (Ingress, NetworkPolicy, Role …) are
 * stored as written: kubectl apply answers as a cluster does (with a warning that nothing acts on
 * them), get lists them in kubectl's columns, describe and -o yaml show them, delete removes them.
 */
const FILES = {
  // kubernetes.io content/en/examples/service/networking/minimal-ingress.yaml, its backend the web Service
  "ingress.yaml": `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: minimal-ingress
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  ingressClassName: nginx-example
  rules:
  - http:
      paths:
      - path: /testpath
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
      - path: /missing
        pathType: Prefix
        backend:
          service:
            name: test
            port:
              number: 80
`,
  // content/en/examples/service/networking/networkpolicy.yaml (abridged) and the RBAC page's Role
  "policy.yaml": `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: test-network-policy
spec:
  podSelector:
    matchLabels:
      role: db
  policyTypes: [Ingress]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  namespace: default
  name: pod-reader
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "watch", "list"]
`,
};

function cluster() {
  const engine = engineFromYaml(
    docs(nodeYaml("worker-1"), nodeYaml("worker-2"), WEB_DEPLOYMENT, WEB_SERVICE),
    1,
  );
  engine.runFor(30_000);
  return engine;
}

describe("kinds stored, not simulated", () => {
  it("apply creates them with kubectl's answer, a warning, then unchanged", () => {
    const engine = cluster();
    const r = run(engine, "apply -f ingress.yaml,policy.yaml", { files: FILES });
    expect(r.stdout).toBe(
      "ingress.networking.k8s.io/minimal-ingress created\nnetworkpolicy.networking.k8s.io/test-network-policy created\nrole.rbac.authorization.k8s.io/pod-reader created\n",
    );
    expect(r.stderr).toContain(
      "Warning: ingresses.networking.k8s.io are stored, not simulated: nothing acts on them in kubeclass\n",
    );
    expect(run(engine, "apply -f ingress.yaml", { files: FILES })).toEqual({
      stdout: "ingress.networking.k8s.io/minimal-ingress unchanged\n",
      stderr: "",
      exitCode: 0,
    });
  });

  it("get lists them in kubectl's columns", () => {
    const engine = cluster();
    out(engine, "apply -f ingress.yaml,policy.yaml", { files: FILES });
    expect(out(engine, "get ingress")).toBe(
      "NAME              CLASS           HOSTS   ADDRESS   PORTS   AGE\nminimal-ingress   nginx-example   *                 80      0s\n",
    );
    expect(out(engine, "get netpol")).toBe(
      "NAME                  POD-SELECTOR   AGE\ntest-network-policy   role=db        0s\n",
    );
    expect(out(engine, "get roles")).toMatch(/^NAME +CREATED AT\npod-reader +2025-01-01T00:00:30Z\n$/);
    expect(out(engine, "get ing minimal-ingress -o yaml")).toContain(
      "      - backend:\n          service:\n            name: web\n",
    );
  });

  it("describe ingress: rules with each backend's endpoints, or the error the lookup met", () => {
    const engine = cluster();
    out(engine, "apply -f ingress.yaml,policy.yaml", { files: FILES });
    const text = out(engine, "describe ingress minimal-ingress");
    expect(text).toMatch(
      /^Name: +minimal-ingress\nLabels: +<none>\nNamespace: +default\nAddress: +\nIngress Class: +nginx-example\nDefault backend: +<default>\nRules:\n/,
    );
    expect(text).toMatch(
      /\/testpath +web:80 \(10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80\)\n/,
    );
    expect(text).toContain('/missing    test:80 (<error: services "test" not found>)');
    expect(text).toMatch(
      /Annotations: +nginx\.ingress\.kubernetes\.io\/rewrite-target: \/\nEvents: +<none>\n$/,
    );
    expect(out(engine, "describe role pod-reader")).toMatch(
      /Kind: +Role\n[\s\S]*Rules:\n {2}API Groups:\n[\s\S]* {2}Verbs:\n {4}get\n {4}watch\n {4}list\n/,
    );
  });

  it("delete removes them; a second delete is NotFound", () => {
    const engine = cluster();
    out(engine, "apply -f ingress.yaml,policy.yaml", { files: FILES });
    expect(out(engine, "delete ingress minimal-ingress")).toBe(
      'ingress.networking.k8s.io "minimal-ingress" deleted\n',
    );
    expect(run(engine, "delete ing minimal-ingress").stderr).toBe(
      'Error from server (NotFound): ingresses.networking.k8s.io "minimal-ingress" not found\n',
    );
    expect(out(engine, "delete -f policy.yaml", { files: FILES })).toBe(
      'networkpolicy.networking.k8s.io "test-network-policy" deleted\nrole.rbac.authorization.k8s.io "pod-reader" deleted\n',
    );
    expect(run(engine, "get ingress,netpol,roles").stderr).toBe("No resources found in default namespace.\n");
  });
});
