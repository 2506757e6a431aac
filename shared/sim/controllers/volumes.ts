import { claimInUse } from "../apiserver/config.ts";
import type { Engine } from "../engine/Engine.ts";
import { objectKey } from "../model/meta.ts";
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from "../model/storage.ts";
import { parseBytes } from "../quantity.ts";

/**
 * The PV controller (kube-controller-manager) and the external provisioners a cluster runs: a claim
 * binds to an Available volume that fits it, or its class's provisioner makes one (pvc-<claim uid>) —
 * at once for an Immediate class, once a pod using the claim is scheduled for WaitForFirstConsumer.
 * Claims that wait are told why every resync (15 s). A claim deleted while a pod uses it waits for the
 * pod (pvc-protection); a released volume is deleted or kept by its reclaim policy.
 */
const RESYNC_MS = 15_000;
const SOURCE = { component: "persistentvolume-controller" };

/** How long each provisioner takes to make a volume; a provisioner not listed is not running here. */
export const PROVISIONING_MS: Record<string, number> = {
  "rancher.io/local-path": 2000,
  "k8s.io/minikube-hostpath": 500,
  "ebs.csi.aws.com": 6000,
  "kubernetes.io/aws-ebs": 6000,
  "pd.csi.storage.gke.io": 4000,
  "kubernetes.io/gce-pd": 4000,
  "disk.csi.azure.com": 8000,
  "kubernetes.io/azure-disk": 8000,
};

function claimRef(claim: PersistentVolumeClaim) {
  return {
    kind: "PersistentVolumeClaim",
    name: claim.metadata.name,
    namespace: claim.metadata.namespace,
    uid: claim.metadata.uid,
  };
}

/** The node of the first scheduled pod that uses the claim (the selected node of WaitForFirstConsumer). */
function consumerNode(engine: Engine, claim: PersistentVolumeClaim): string | undefined {
  for (const pod of Object.values(engine.state.pods)) {
    if (pod.metadata.namespace !== claim.metadata.namespace || !pod.spec.nodeName) continue;
    if (pod.spec.volumes?.some((v) => v.persistentVolumeClaim?.claimName === claim.metadata.name))
      return pod.spec.nodeName;
  }
  return undefined;
}

function bind(
  engine: Engine,
  claim: PersistentVolumeClaim,
  volume: PersistentVolume,
  byController: boolean,
): void {
  const key = objectKey(claim.metadata.namespace, claim.metadata.name);
  volume.spec.claimRef = {
    kind: "PersistentVolumeClaim",
    namespace: claim.metadata.namespace,
    name: claim.metadata.name,
    uid: claim.metadata.uid,
  };
  volume.status.phase = "Bound";
  engine.written("PersistentVolume", volume.metadata.name, volume);
  claim.spec.volumeName = volume.metadata.name;
  claim.metadata.annotations = {
    ...claim.metadata.annotations,
    "pv.kubernetes.io/bind-completed": "yes",
    ...(byController ? { "pv.kubernetes.io/bound-by-controller": "yes" } : {}),
  };
  claim.status = {
    phase: "Bound",
    accessModes: [...volume.spec.accessModes],
    capacity: { ...volume.spec.capacity },
  };
  engine.written("PersistentVolumeClaim", key, claim);
}

/** A static volume that can serve the claim: Available, same class, the access modes, big enough. */
function matchingVolume(engine: Engine, claim: PersistentVolumeClaim): PersistentVolume | undefined {
  const want = parseBytes(claim.spec.resources.requests.storage) ?? 0;
  const candidates = Object.values(engine.state.persistentvolumes)
    .filter((pv) => pv.status.phase === "Available" && !pv.spec.claimRef)
    .filter((pv) => (pv.spec.storageClassName ?? "") === (claim.spec.storageClassName ?? ""))
    .filter((pv) => claim.spec.accessModes.every((m) => pv.spec.accessModes.includes(m)))
    .filter((pv) => (parseBytes(pv.spec.capacity.storage) ?? 0) >= want)
    .sort((a, b) => (parseBytes(a.spec.capacity.storage) ?? 0) - (parseBytes(b.spec.capacity.storage) ?? 0));
  return claim.spec.volumeName ? engine.state.persistentvolumes[claim.spec.volumeName] : candidates[0];
}

function provisioned(
  engine: Engine,
  claim: PersistentVolumeClaim,
  sc: StorageClass,
  node?: string,
): PersistentVolume {
  const name = `pvc-${claim.metadata.uid}`;
  const volume: PersistentVolume = {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: {
      name,
      uid: engine.uid(),
      labels: {},
      annotations: { "pv.kubernetes.io/provisioned-by": sc.provisioner },
      creationTimestamp: engine.now,
      resourceVersion: 0,
    },
    spec: {
      capacity: { storage: claim.spec.resources.requests.storage },
      accessModes: [...claim.spec.accessModes],
      persistentVolumeReclaimPolicy: sc.reclaimPolicy,
      storageClassName: sc.metadata.name,
      volumeMode: claim.spec.volumeMode,
      ...(node && sc.provisioner === "rancher.io/local-path" ? { nodeName: node } : {}),
    },
    status: { phase: "Pending" },
  };
  engine.state.persistentvolumes[name] = volume;
  engine.written("PersistentVolume", name, volume);
  return volume;
}

export function syncVolumes(engine: Engine): void {
  const state = engine.state;
  state.controllers.volumes ??= { provisioning: {}, said: {} };
  const memory = state.controllers.volumes;
  const now = engine.now;
  const event = (
    claim: PersistentVolumeClaim,
    type: "Normal" | "Warning",
    reason: string,
    message: string,
    component = SOURCE.component,
  ) => engine.emit({ type, reason, message, involvedObject: claimRef(claim), source: { component } });
  /** A waiting claim is told again at each resync of the PV controller. */
  const sayEvery = (key: string, say: () => void) => {
    const last = memory.said[key];
    if (last !== undefined && now - last < RESYNC_MS) return;
    memory.said[key] = now;
    say();
    engine.wake("controllers", now + RESYNC_MS);
  };
  for (const key of Object.keys(state.persistentvolumeclaims).sort()) {
    const claim = state.persistentvolumeclaims[key] as PersistentVolumeClaim;
    if (claim.metadata.deletionTimestamp !== undefined) {
      if (!claimInUse(state, claim.metadata.namespace, claim.metadata.name)) removeClaim(engine, key, claim);
      continue;
    }
    if (claim.status.phase === "Bound") {
      delete memory.said[key];
      continue;
    }
    const existing = matchingVolume(engine, claim);
    if (existing && existing.status.phase === "Available") {
      bind(engine, claim, existing, !claim.spec.volumeName);
      continue;
    }
    const className = claim.spec.storageClassName;
    if (!className) {
      sayEvery(key, () =>
        event(
          claim,
          "Normal",
          "FailedBinding",
          "no persistent volumes available for this claim and no storage class is set",
        ),
      );
      continue;
    }
    const sc = state.storageclasses[className];
    if (!sc) {
      sayEvery(key, () =>
        event(claim, "Warning", "ProvisioningFailed", `storageclass.storage.k8s.io "${className}" not found`),
      );
      continue;
    }
    const node = sc.volumeBindingMode === "WaitForFirstConsumer" ? consumerNode(engine, claim) : undefined;
    if (sc.volumeBindingMode === "WaitForFirstConsumer" && !node) {
      sayEvery(key, () =>
        event(
          claim,
          "Normal",
          "WaitForFirstConsumer",
          "waiting for first consumer to be created before binding",
        ),
      );
      continue;
    }
    const takes = PROVISIONING_MS[sc.provisioner];
    const due = memory.provisioning[key];
    if (due === undefined) {
      claim.metadata.annotations = {
        ...claim.metadata.annotations,
        "volume.beta.kubernetes.io/storage-provisioner": sc.provisioner,
        "volume.kubernetes.io/storage-provisioner": sc.provisioner,
        ...(node ? { "volume.kubernetes.io/selected-node": node } : {}),
      };
      engine.written("PersistentVolumeClaim", key, claim);
      delete memory.said[key];
    }
    sayEvery(key, () =>
      event(
        claim,
        "Normal",
        "ExternalProvisioning",
        `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
      ),
    );
    // No provisioner of that name runs in this cluster: the claim waits for good.
    if (takes === undefined) continue;
    if (due === undefined) {
      memory.provisioning[key] = now + takes;
      event(
        claim,
        "Normal",
        "Provisioning",
        `External provisioner is provisioning volume for claim "${key}"`,
        sc.provisioner,
      );
      engine.wake("controllers", now + takes);
      continue;
    }
    if (due > now) continue;
    delete memory.provisioning[key];
    delete memory.said[key];
    const volume = provisioned(engine, claim, sc, node);
    event(
      claim,
      "Normal",
      "ProvisioningSucceeded",
      `Successfully provisioned volume ${volume.metadata.name}`,
      sc.provisioner,
    );
    bind(engine, claim, volume, true);
  }
}

/** The claim is gone: its volume is released, and deleted if its reclaim policy says so. */
function removeClaim(engine: Engine, key: string, claim: PersistentVolumeClaim): void {
  const state = engine.state;
  engine.deleted("PersistentVolumeClaim", key, claim);
  delete state.persistentvolumeclaims[key];
  const volume = claim.spec.volumeName ? state.persistentvolumes[claim.spec.volumeName] : undefined;
  if (!volume) return;
  if (volume.spec.persistentVolumeReclaimPolicy === "Delete") {
    engine.deleted("PersistentVolume", volume.metadata.name, volume);
    delete state.persistentvolumes[volume.metadata.name];
  } else {
    volume.status.phase = "Released";
    engine.written("PersistentVolume", volume.metadata.name, volume);
  }
}
