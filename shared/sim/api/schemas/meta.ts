import {
  anyValue,
  bool,
  i64,
  ignored,
  list,
  notSimulated,
  str,
  stringMap,
  strings,
  struct,
} from "../schema.ts";

/** metav1.ObjectMeta and friends (`staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go`). */
export const OwnerReference = struct("OwnerReference", {
  apiVersion: str,
  kind: str,
  name: str,
  uid: str,
  controller: bool,
  blockOwnerDeletion: bool,
});

export const ObjectMeta = struct("ObjectMeta", {
  name: str,
  generateName: str,
  namespace: str,
  labels: stringMap,
  annotations: stringMap,
  ownerReferences: list(OwnerReference),
  finalizers: notSimulated(strings),
  // Written by the server; a manifest copied from `kubectl get -o yaml` carries them, and create resets them.
  selfLink: ignored(str),
  uid: ignored(str),
  resourceVersion: ignored(str),
  generation: ignored(i64),
  creationTimestamp: ignored(str),
  deletionTimestamp: ignored(str),
  deletionGracePeriodSeconds: ignored(i64),
  managedFields: ignored(list(anyValue)),
});

export const LabelSelectorRequirement = struct("LabelSelectorRequirement", {
  key: str,
  operator: str,
  values: strings,
});

export const LabelSelector = struct("LabelSelector", {
  matchLabels: stringMap,
  matchExpressions: list(LabelSelectorRequirement),
});

/** The part every object shares; `spec`/`status` are added per kind. */
export const TYPE_META = { apiVersion: str, kind: str };
