import { child, type FieldError, forbidden, invalid, required } from "../fielderrors.ts";
import { type NameValidator, nameIsDNSLabel, validateAnnotations, validateLabels } from "../names.ts";
import type { DecodedMeta } from "../types.ts";

/** ValidateObjectMetaAccessor (`apimachinery/pkg/api/validation/objectmeta.go`). */
export function validateObjectMeta(
  meta: DecodedMeta,
  options: { namespaced: boolean; nameFn: NameValidator; generateName?: string },
  path = "metadata",
): FieldError[] {
  const errs: FieldError[] = [];
  if (options.generateName) {
    for (const m of options.nameFn(options.generateName, true)) {
      errs.push(invalid(child(path, "generateName"), options.generateName, m));
    }
  }
  if (!meta.name) errs.push(required(child(path, "name"), "name or generateName is required"));
  else
    for (const m of options.nameFn(meta.name, false)) errs.push(invalid(child(path, "name"), meta.name, m));
  if (options.namespaced) {
    const ns = meta.namespace ?? "";
    if (!ns) errs.push(required(child(path, "namespace")));
    else for (const m of nameIsDNSLabel(ns, false)) errs.push(invalid(child(path, "namespace"), ns, m));
  } else if (meta.namespace) {
    errs.push(forbidden(child(path, "namespace"), "not allowed on this type"));
  }
  errs.push(...validateLabels(meta.labels, child(path, "labels")));
  errs.push(...validateAnnotations(meta.annotations, child(path, "annotations")));
  const refs = child(path, "ownerReferences");
  for (const ref of meta.ownerReferences ?? []) {
    const version = ref.apiVersion.split("/").pop() ?? "";
    if (!version) errs.push(invalid(child(refs, "apiVersion"), ref.apiVersion, "version must not be empty"));
    if (!ref.kind) errs.push(invalid(child(refs, "kind"), ref.kind, "must not be empty"));
    if (!ref.name) errs.push(invalid(child(refs, "name"), ref.name, "must not be empty"));
    if (!ref.uid) errs.push(invalid(child(refs, "uid"), ref.uid, "must not be empty"));
  }
  return errs;
}
