import type { HorizontalPodAutoscaler } from "../model/autoscaling.ts";
import type { CronJob, JobSpec } from "../model/batch.ts";
import type { ConfigMap, Secret, ServiceAccount } from "../model/config.ts";
import type { DaemonSet } from "../model/daemonset.ts";
import type { Labels, OwnerReference } from "../model/meta.ts";
import type { ContainerImage, NodeMachine, NodeSpec } from "../model/node.ts";
import type { PodSpec } from "../model/pod.ts";
import type { PodDisruptionBudget } from "../model/policy.ts";
import type { NodeResources } from "../model/quantities.ts";
import type { PriorityClass } from "../model/scheduling.ts";
import type { Service } from "../model/service.ts";
import type { StatefulSet } from "../model/statefulset.ts";
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from "../model/storage.ts";
import type { Deployment, ReplicaSet } from "../model/workload.ts";
import type { FieldError } from "./fielderrors.ts";

export type { FieldError };

export interface DecodedMeta {
  name: string;
  namespace?: string;
  labels: Labels;
  annotations: Labels;
  ownerReferences?: OwnerReference[];
}

export type DecodedObject =
  | { kind: "Pod"; metadata: DecodedMeta & { namespace: string }; spec: PodSpec }
  | {
      kind: "Node";
      metadata: DecodedMeta;
      spec: NodeSpec;
      capacity?: Partial<NodeResources>;
      allocatable?: Partial<NodeResources>;
      images?: ContainerImage[];
      machine: Partial<NodeMachine>;
    }
  | { kind: "Namespace"; metadata: DecodedMeta }
  | { kind: "Deployment"; metadata: DecodedMeta & { namespace: string }; spec: Deployment["spec"] }
  | { kind: "ReplicaSet"; metadata: DecodedMeta & { namespace: string }; spec: ReplicaSet["spec"] }
  | {
      kind: "Service";
      metadata: DecodedMeta & { namespace: string };
      spec: Omit<Service["spec"], "clusterIP"> & { clusterIP?: string };
    }
  | { kind: "DaemonSet"; metadata: DecodedMeta & { namespace: string }; spec: DaemonSet["spec"] }
  | { kind: "StatefulSet"; metadata: DecodedMeta & { namespace: string }; spec: StatefulSet["spec"] }
  | { kind: "Job"; metadata: DecodedMeta & { namespace: string }; spec: JobSpec }
  | { kind: "CronJob"; metadata: DecodedMeta & { namespace: string }; spec: CronJob["spec"] }
  | {
      kind: "HorizontalPodAutoscaler";
      metadata: DecodedMeta & { namespace: string };
      spec: HorizontalPodAutoscaler["spec"];
    }
  | {
      kind: "PodDisruptionBudget";
      metadata: DecodedMeta & { namespace: string };
      spec: PodDisruptionBudget["spec"];
    }
  | {
      kind: "PriorityClass";
      metadata: DecodedMeta;
      spec: Omit<PriorityClass, "apiVersion" | "kind" | "metadata">;
    }
  | ({ kind: "ConfigMap"; metadata: DecodedMeta & { namespace: string } } & Omit<
      ConfigMap,
      "apiVersion" | "kind" | "metadata"
    >)
  | ({ kind: "Secret"; metadata: DecodedMeta & { namespace: string } } & Omit<
      Secret,
      "apiVersion" | "kind" | "metadata"
    >)
  | ({ kind: "ServiceAccount"; metadata: DecodedMeta & { namespace: string } } & Omit<
      ServiceAccount,
      "apiVersion" | "kind" | "metadata"
    >)
  | {
      kind: "PersistentVolumeClaim";
      metadata: DecodedMeta & { namespace: string };
      spec: PersistentVolumeClaim["spec"];
    }
  | { kind: "PersistentVolume"; metadata: DecodedMeta; spec: PersistentVolume["spec"] }
  | ({ kind: "StorageClass"; metadata: DecodedMeta } & Omit<
      StorageClass,
      "apiVersion" | "kind" | "metadata"
    >);

export type DecodeResult =
  /** notSimulated: field paths accepted but not simulated, e.g. "spec.containers[0].livenessProbe". */
  | { ok: true; object: DecodedObject; notSimulated: string[] }
  /** A valid Kubernetes kind the game does not simulate (ConfigMap, Job ...): accepted and reported. */
  | {
      ok: true;
      object: null;
      kind: string;
      apiVersion: string;
      name: string;
      /** Its metadata as decoded (the namespace set when the kind is namespaced). */
      metadata: DecodedMeta;
      notSimulated: string[];
    }
  | {
      ok: false;
      kind?: string;
      name?: string;
      errors: FieldError[];
      /** The whole kubectl-style message. */
      message: string;
    };

export interface DecodeOptions {
  /** The namespace of namespaced objects that name none (kubectl's context namespace); "default" if unset. */
  defaultNamespace?: string;
}
