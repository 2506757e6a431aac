import type { Deployment, ReplicaSet } from "../sim/model/workload.ts";
import { selectorString } from "./format.ts";
import { age, type PrintOptions, type Table } from "./printers.ts";

/** `kubectl get deployments` and `replicasets` (printDeployment, printReplicaSet). */
function containerColumns(template: Deployment["spec"]["template"]): string[] {
  const containers = template.spec.containers;
  return [containers.map((c) => c.name).join(","), containers.map((c) => c.image).join(",")];
}

export function deploymentTable(deployments: Deployment[], options: PrintOptions): Table {
  const headers = ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"];
  if (options.wide) headers.push("CONTAINERS", "IMAGES", "SELECTOR");
  if (options.allNamespaces) headers.unshift("NAMESPACE");
  const rows = deployments.map((d) => {
    const row = [
      d.metadata.name,
      `${d.status.readyReplicas}/${d.spec.replicas}`,
      String(d.status.updatedReplicas),
      String(d.status.availableReplicas),
      age(options.now, d.metadata.creationTimestamp),
    ];
    if (options.wide) row.push(...containerColumns(d.spec.template), selectorString(d.spec.selector));
    if (options.allNamespaces) row.unshift(d.metadata.namespace);
    return row;
  });
  return { headers, rows };
}

export function replicaSetTable(sets: ReplicaSet[], options: PrintOptions): Table {
  const headers = ["NAME", "DESIRED", "CURRENT", "READY", "AGE"];
  if (options.wide) headers.push("CONTAINERS", "IMAGES", "SELECTOR");
  if (options.allNamespaces) headers.unshift("NAMESPACE");
  const rows = sets.map((rs) => {
    const row = [
      rs.metadata.name,
      String(rs.spec.replicas),
      String(rs.status.replicas),
      String(rs.status.readyReplicas),
      age(options.now, rs.metadata.creationTimestamp),
    ];
    if (options.wide) row.push(...containerColumns(rs.spec.template), selectorString(rs.spec.selector));
    if (options.allNamespaces) row.unshift(rs.metadata.namespace);
    return row;
  });
  return { headers, rows };
}
