import { applyObject } from "../apiserver/apiserver.ts";
import type { Engine } from "../engine/Engine.ts";
import { stateHash } from "../hash.ts";

/**
 * Two small controllers of kube-controller-manager that make every namespace usable: the
 * ServiceAccount controller gives it the `default` ServiceAccount, and the root-ca-cert-publisher the
 * `kube-root-ca.crt` ConfigMap (the API server's CA, which every pod's token volume includes). They
 * react to a namespace at once, so a pod created right after its namespace finds its account.
 */
export const ROOT_CA_CONFIGMAP = "kube-root-ca.crt";
const ROOT_CA_DESCRIPTION =
  "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

/** The cluster CA's certificate: a stable PEM-shaped text derived from the cluster's seed. */
export function rootCA(seed: number): string {
  let body = "";
  for (let i = 0; body.length < 1024; i++) body += stateHash(`kubernetes-ca/${seed}/${i}`);
  const base64ish = body.replace(/[^0-9a-f]/g, "").slice(0, 1024);
  const lines = base64ish.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgII${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

export function watchForNamespaces(engine: Engine): void {
  engine.watch("Namespace", ({ type, key: namespace }) => {
    if (type !== "ADDED") return;
    const state = engine.state;
    if (!state.serviceaccounts[`${namespace}/default`]) {
      applyObject(engine, {
        kind: "ServiceAccount",
        metadata: { name: "default", namespace, labels: {}, annotations: {} },
      });
    }
    if (!state.configmaps[`${namespace}/${ROOT_CA_CONFIGMAP}`]) {
      applyObject(engine, {
        kind: "ConfigMap",
        metadata: {
          name: ROOT_CA_CONFIGMAP,
          namespace,
          labels: {},
          annotations: { "kubernetes.io/description": ROOT_CA_DESCRIPTION },
        },
        data: { "ca.crt": rootCA(state.seed) },
      });
    }
  });
}
