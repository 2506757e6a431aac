import { describe, expect, it } from "vitest";
import { decodeManifest } from "../../shared/sim/api/decode.ts";
import { docs, engineFromYaml } from "../sim/harness.ts";
import { out, run } from "./fixtures.ts";

/**
 * ConfigMaps, Secrets, ServiceAccounts, claims, volumes and StorageClasses through kubectl: stored,
 * listed with kubectl's columns, described, deleted; and the API server's words for what it refuses.
 */
const CONFIG = docs(
  `apiVersion: v1
kind: ConfigMap
metadata: {name: game-config}
data: {game.properties: "lives=3", ui.properties: "color=purple"}`,
  `apiVersion: v1
kind: Secret
metadata: {name: db}
type: Opaque
stringData: {user: admin, password: s3cret}`,
  `apiVersion: v1
kind: ServiceAccount
metadata: {name: robot}
imagePullSecrets: [{name: regcred}]`,
  `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 2Gi}}}`,
);

describe("kubectl get", () => {
  const engine = engineFromYaml(CONFIG, 1);
  engine.runFor(30_000);

  it.each([
    [
      "configmaps",
      "NAME               DATA   AGE\ngame-config        2      30s\nkube-root-ca.crt   1      30s\n",
    ],
    ["secrets", "NAME   TYPE     DATA   AGE\ndb     Opaque   2      30s\n"],
    ["serviceaccounts", "NAME      SECRETS   AGE\ndefault   0         30s\nrobot     0         30s\n"],
    [
      "pvc",
      "NAME   STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\ndata   Pending                                      standard       <unset>                 30s\n",
    ],
    [
      "sc",
      "NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE\nstandard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  30s\n",
    ],
  ])("%s", (resource, table) => {
    expect(out(engine, `get ${resource}`)).toBe(table);
  });

  it("every namespace has its default ServiceAccount and kube-root-ca.crt", () => {
    const namespaces = ["default", "kube-node-lease", "kube-public", "kube-system"];
    for (const ns of namespaces) {
      expect(engine.state.serviceaccounts[`${ns}/default`]).toBeDefined();
      expect(engine.state.configmaps[`${ns}/kube-root-ca.crt`]?.data["ca.crt"]).toMatch(
        /^-----BEGIN CERTIFICATE-----\n/,
      );
    }
    run(engine, "create namespace team-a");
    expect(out(engine, "get sa,cm -n team-a --no-headers")).toMatch(
      /serviceaccount\/default\s+0\s+0s\n[\s\S]*configmap\/kube-root-ca\.crt\s+1\s+0s\n/,
    );
  });

  it("-o yaml keeps a Secret's data base64, stringData merged in", () => {
    expect(out(engine, "get secret db -o yaml")).toContain("data:\n  password: czNjcmV0\n  user: YWRtaW4=\n");
  });

  it("describe: a ConfigMap's data, a Secret's sizes, a claim's waiting", () => {
    expect(out(engine, "describe configmap game-config")).toContain(
      "Data\n====\ngame.properties:\n----\nlives=3\n",
    );
    expect(out(engine, "describe secret db")).toContain(
      "Type:  Opaque\n\nData\n====\npassword:  6 bytes\nuser:      5 bytes\n",
    );
    const pvc = out(engine, "describe pvc data");
    expect(pvc).toContain("Used By:       <none>\n");
    expect(pvc).toContain("waiting for first consumer to be created before binding");
    expect(out(engine, "describe sa robot")).toContain("Image pull secrets:  regcred\n");
  });
});

describe("kubectl delete", () => {
  it.each([
    ["configmap game-config", 'configmap "game-config" deleted'],
    ["secret db", 'secret "db" deleted'],
    ["sa robot", 'serviceaccount "robot" deleted'],
    ["pvc data", 'persistentvolumeclaim "data" deleted'],
    ["storageclass standard", 'storageclass.storage.k8s.io "standard" deleted'],
  ])("delete %s: %s", (args, message) => {
    const engine = engineFromYaml(CONFIG, 1);
    expect(out(engine, `delete ${args}`)).toBe(`${message}\n`);
    expect(run(engine, `get ${args}`).stderr).toContain("not found");
  });
});

describe("the API server's refusals", () => {
  it.each([
    [
      { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data: { k: "not base64!" } },
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3',
    ],
    [
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { "bad key": "x" } },
      `The ConfigMap "c" is invalid: data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ],
    [
      {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name: "c" },
        spec: { resources: { requests: { storage: "1Gi" } } },
      },
      'The PersistentVolumeClaim "c" is invalid: spec.accessModes: Required value: at least 1 access mode is required',
    ],
    [
      {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name: "c" },
        spec: { accessModes: ["ReadWriteOnce"] },
      },
      'The PersistentVolumeClaim "c" is invalid: spec.resources[storage]: Required value',
    ],
    [
      { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "fast" } },
      'The StorageClass "fast" is invalid: provisioner: Required value',
    ],
  ])("%j", (manifest, message) => {
    const decoded = decodeManifest(manifest);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.message).toBe(message);
  });

  it("an immutable ConfigMap refuses new data; a claim's spec is fixed but for its size", () => {
    const engine = engineFromYaml(
      docs(`apiVersion: v1
kind: ConfigMap
metadata: {name: frozen}
immutable: true
data: {a: "1"}`),
      1,
    );
    expect(
      engine.apply("user", {
        type: "Apply",
        manifest: {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: "frozen" },
          immutable: true,
          data: { a: "2" },
        },
      }),
    ).toMatchObject({
      ok: false,
      message:
        'The ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    });
  });
});
