import { applyObject } from "../../apiserver/apiserver.ts";
import type { Engine } from "../../engine/Engine.ts";
import type { Volume } from "../../model/pod.ts";
import type { StatefulSet } from "../../model/statefulset.ts";
import type { AccessMode } from "../../model/storage.ts";

/**
 * The StatefulSet controller's claims (createPersistentVolumeClaims): before it creates a replica, each
 * volumeClaimTemplate becomes the claim `<template>-<statefulset>-<ordinal>` (kept when the replica is
 * deleted or scaled away, so a replica that comes back finds its data), and the pod mounts it as the
 * volume named after the template.
 */
export function claimVolumes(engine: Engine, sts: StatefulSet, ordinal: number): Volume[] {
  const m = sts.metadata;
  const volumes: Volume[] = [];
  for (const t of sts.spec.volumeClaimTemplates) {
    const claimName = `${t.name}-${m.name}-${ordinal}`;
    if (!engine.state.persistentvolumeclaims[`${m.namespace}/${claimName}`]) {
      const result = applyObject(engine, {
        kind: "PersistentVolumeClaim",
        metadata: {
          name: claimName,
          namespace: m.namespace,
          labels: { ...(t.labels ?? {}), ...(sts.spec.selector.matchLabels ?? {}) },
          annotations: {},
        },
        spec: {
          accessModes: t.accessModes as AccessMode[],
          resources: { requests: { storage: t.storage ?? "0" } },
          volumeMode: "Filesystem",
          ...(t.storageClassName !== undefined ? { storageClassName: t.storageClassName } : {}),
        },
      });
      engine.emit({
        type: result.ok ? "Normal" : "Warning",
        reason: result.ok ? "SuccessfulCreate" : "FailedCreate",
        message: result.ok
          ? `create Claim ${claimName} Pod ${m.name}-${ordinal} in StatefulSet ${m.name} success`
          : `create Claim ${claimName} for Pod ${m.name}-${ordinal} in StatefulSet ${m.name} failed error: ${result.message}`,
        involvedObject: { kind: "StatefulSet", name: m.name, namespace: m.namespace, uid: m.uid },
        source: { component: "statefulset-controller" },
      });
    }
    volumes.push({ name: t.name, persistentVolumeClaim: { claimName } });
  }
  return volumes;
}
