import { describe, expect, it } from "vitest";
import { out } from "../../kubectl/fixtures.ts";
import { docs, engineFromYaml, eventsOf, nodeYaml, runUntil } from "../harness.ts";

/**
 * StorageClasses as each provider's cluster has them, and the PV controller: a claim binds through its
 * class's provisioner (Immediate at once, WaitForFirstConsumer once a pod uses it), stays Pending without
 * a default class, and a deleted claim in use waits for its pod (pvc-protection).
 */
const claim = (name: string, storageClassName?: string) =>
  JSON.stringify({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name },
    spec: {
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: "1Gi" } },
      ...(storageClassName !== undefined ? { storageClassName } : {}),
    },
  });
const user = (name: string, claimName: string) =>
  JSON.stringify({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: {
      volumes: [{ name: "d", persistentVolumeClaim: { claimName } }],
      containers: [{ name: "c", image: "busybox:1.36", command: ["sleep", "3600"] }],
    },
  });
const node = (provider: string) =>
  nodeYaml("worker-1", { annotations: { "kubeclass.dev/provider": provider } });
const phase = (engine: ReturnType<typeof engineFromYaml>, name: string) =>
  engine.state.persistentvolumeclaims[`default/${name}`]?.status.phase;

describe("the provider's StorageClasses", () => {
  it.each([
    ["local", "standard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false"],
    ["gcp", "standard-rwo (default)   pd.csi.storage.gke.io   Delete          WaitForFirstConsumer   true"],
    ["azure", "default (default)     disk.csi.azure.com   Delete          WaitForFirstConsumer   true"],
    ["aws", "gp2    kubernetes.io/aws-ebs   Delete          WaitForFirstConsumer   false"],
  ])("%s: %s", (provider, line) => {
    const engine = engineFromYaml(node(provider));
    expect(out(engine, "get storageclass")).toContain(line);
  });

  it.each([
    ["local", "Bound", "standard"],
    ["gcp", "Bound", "standard-rwo"],
    ["azure", "Bound", "default"],
    // EKS clusters made since v1.30 have no default class: a claim naming none waits.
    ["aws", "Pending", ""],
  ])("%s: a claim naming no class used by a pod ends %s (class %s)", (provider, expected, className) => {
    const engine = engineFromYaml(docs(node(provider), claim("data"), user("p", "data")));
    engine.runFor(60_000);
    expect(phase(engine, "data")).toBe(expected);
    expect(engine.state.persistentvolumeclaims["default/data"]?.spec.storageClassName ?? "").toBe(className);
  });

  it("without a default class: Pending, FailedBinding every resync, the pod unschedulable", () => {
    const engine = engineFromYaml(docs(node("aws"), claim("data"), user("p", "data")));
    engine.runFor(60_000);
    const said = eventsOf(engine, "data").filter((e) => e.reason === "FailedBinding");
    expect(said[0]?.message).toBe(
      "no persistent volumes available for this claim and no storage class is set",
    );
    expect(said.length).toBeGreaterThanOrEqual(4);
    expect(eventsOf(engine, "p").find((e) => e.reason === "FailedScheduling")?.message).toBe(
      "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    );
  });
});

describe("binding", () => {
  it("WaitForFirstConsumer: the claim waits, saying so, until a pod using it is scheduled", () => {
    const engine = engineFromYaml(docs(node("local"), claim("data")));
    engine.runFor(40_000);
    expect(phase(engine, "data")).toBe("Pending");
    expect(
      eventsOf(engine, "data")
        .filter((e) => e.reason === "WaitForFirstConsumer")
        .map((e) => e.message),
    ).toEqual(Array(3).fill("waiting for first consumer to be created before binding"));
    engine.apply("user", { type: "Apply", manifest: JSON.parse(user("p", "data")) });
    runUntil(engine, () => phase(engine, "data") === "Bound", 10_000);
    expect(
      engine.state.persistentvolumeclaims["default/data"]?.metadata.annotations[
        "volume.kubernetes.io/selected-node"
      ],
    ).toBe("worker-1");
    runUntil(engine, () => engine.state.pods["default/p"]?.status.phase === "Running", 30_000);
  });

  it("Immediate (GKE's standard class): bound without a pod", () => {
    const engine = engineFromYaml(docs(node("gcp"), claim("data", "standard")));
    engine.runFor(10_000);
    expect(phase(engine, "data")).toBe("Bound");
    expect(eventsOf(engine, "data").map((e) => e.reason)).toEqual([
      "ExternalProvisioning",
      "Provisioning",
      "ProvisioningSucceeded",
    ]);
  });

  it("a class that does not exist: ProvisioningFailed", () => {
    const engine = engineFromYaml(docs(node("local"), claim("data", "fast")));
    engine.runFor(10_000);
    expect(eventsOf(engine, "data")[0]?.message).toBe('storageclass.storage.k8s.io "fast" not found');
  });

  it("deleting a claim in use waits for its pod (Terminating), then deletes the volume (reclaim Delete)", () => {
    const engine = engineFromYaml(docs(node("local"), claim("data"), user("p", "data")));
    runUntil(engine, () => phase(engine, "data") === "Bound", 30_000);
    const volume = engine.state.persistentvolumeclaims["default/data"]?.spec.volumeName ?? "";
    expect(engine.apply("user", { type: "Delete", kind: "pvc", name: "data" })).toMatchObject({
      ok: true,
      message: 'persistentvolumeclaim "data" deleted',
    });
    engine.runFor(5000);
    expect(out(engine, "get pvc data --no-headers")).toMatch(/^data\s+Terminating\s/);
    engine.apply("user", { type: "Delete", kind: "pod", name: "p" });
    runUntil(engine, () => !engine.state.persistentvolumeclaims["default/data"], 60_000);
    expect(engine.state.persistentvolumes[volume]).toBeUndefined();
  });
});
