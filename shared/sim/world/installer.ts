import { applyObject } from "../apiserver/apiserver.ts";
import { encodeBase64 } from "../base64.ts";
import type { Engine } from "../engine/Engine.ts";
import type { ProviderName } from "../model/node.ts";
import { DEFAULT_CLASS_ANNOTATION, type StorageClass } from "../model/storage.ts";

/**
 * What whoever installed the cluster left in it before the class starts, as each kind of cluster
 * really has it: the StorageClasses of its provider (a local cluster gets kind's `standard` class,
 * local-path, WaitForFirstConsumer; GKE `standard-rwo`; AKS `default`; EKS since v1.30 a `gp2` class
 * that is no longer the default, so a claim naming no class stays Pending there), and the image pull
 * Secrets the scenario's private registries accept, in each namespace the scenario uses.
 */
type ClassSpec = Omit<StorageClass, "apiVersion" | "kind" | "metadata"> & {
  name: string;
  isDefault: boolean;
};

const CLASSES: Record<ProviderName, ClassSpec[]> = {
  local: [
    {
      name: "standard",
      isDefault: true,
      provisioner: "rancher.io/local-path",
      reclaimPolicy: "Delete",
      volumeBindingMode: "WaitForFirstConsumer",
    },
  ],
  aws: [
    {
      name: "gp2",
      isDefault: false,
      provisioner: "kubernetes.io/aws-ebs",
      parameters: { fsType: "ext4", type: "gp2" },
      reclaimPolicy: "Delete",
      volumeBindingMode: "WaitForFirstConsumer",
    },
  ],
  gcp: [
    {
      name: "premium-rwo",
      isDefault: false,
      provisioner: "pd.csi.storage.gke.io",
      parameters: { type: "pd-ssd" },
      reclaimPolicy: "Delete",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    },
    {
      name: "standard",
      isDefault: false,
      provisioner: "kubernetes.io/gce-pd",
      parameters: { type: "pd-standard" },
      reclaimPolicy: "Delete",
      volumeBindingMode: "Immediate",
      allowVolumeExpansion: true,
    },
    {
      name: "standard-rwo",
      isDefault: true,
      provisioner: "pd.csi.storage.gke.io",
      parameters: { type: "pd-balanced" },
      reclaimPolicy: "Delete",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    },
  ],
  azure: [
    {
      name: "default",
      isDefault: true,
      provisioner: "disk.csi.azure.com",
      parameters: { skuname: "StandardSSD_LRS" },
      reclaimPolicy: "Delete",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    },
    {
      name: "managed-csi-premium",
      isDefault: false,
      provisioner: "disk.csi.azure.com",
      parameters: { skuname: "Premium_LRS" },
      reclaimPolicy: "Delete",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    },
  ],
};

/** The provider whose storage the cluster has: the one every node is on, else a local cluster's. */
export function storageProvider(providers: readonly ProviderName[]): ProviderName {
  const distinct = new Set(providers);
  const [only] = distinct;
  return distinct.size === 1 && only ? only : "local";
}

export function installStorageClasses(engine: Engine, provider: ProviderName): void {
  for (const { name, isDefault, ...rest } of CLASSES[provider]) {
    applyObject(engine, {
      kind: "StorageClass",
      metadata: {
        name,
        labels: {},
        annotations: isDefault ? { [DEFAULT_CLASS_ANNOTATION]: "true" } : {},
      },
      ...rest,
    });
  }
}

/** A kubernetes.io/dockerconfigjson Secret for each credential a private registry accepts. */
export function installPullSecrets(engine: Engine): void {
  const state = engine.state;
  const namespaces = Object.keys(state.namespaces).filter(
    (ns) => ns === "default" || !ns.startsWith("kube-"),
  );
  for (const registry of Object.values(state.registries)) {
    for (const name of registry.pullSecrets) {
      const auth = encodeBase64(`kubeclass:${name}`);
      const config = JSON.stringify({ auths: { [registry.host]: { auth } } });
      for (const namespace of namespaces) {
        if (state.secrets[`${namespace}/${name}`]) continue;
        applyObject(engine, {
          kind: "Secret",
          metadata: { name, namespace, labels: {}, annotations: {} },
          type: "kubernetes.io/dockerconfigjson",
          data: { ".dockerconfigjson": encodeBase64(config) },
        });
      }
    }
  }
}
