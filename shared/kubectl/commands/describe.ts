import type { HorizontalPodAutoscaler } from "../../sim/model/autoscaling.ts";
import type { CronJob, Job } from "../../sim/model/batch.ts";
import type { Namespace } from "../../sim/model/cluster.ts";
import type { ConfigMap, Secret, ServiceAccount } from "../../sim/model/config.ts";
import type { DaemonSet } from "../../sim/model/daemonset.ts";
import type { Node } from "../../sim/model/node.ts";
import type { Pod } from "../../sim/model/pod.ts";
import type { PodDisruptionBudget } from "../../sim/model/policy.ts";
import type { PriorityClass } from "../../sim/model/scheduling.ts";
import type { Endpoints, Service } from "../../sim/model/service.ts";
import type { StatefulSet } from "../../sim/model/statefulset.ts";
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from "../../sim/model/storage.ts";
import type { UnstructuredObject } from "../../sim/model/unstructured.ts";
import type { Deployment, ReplicaSet } from "../../sim/model/workload.ts";
import { type Context, printErr } from "../context.ts";
import {
  describeClaim,
  describeConfigMap,
  describeSecret,
  describeServiceAccount,
  describeStorageClass,
  describeVolume,
} from "../describe/config.ts";
import {
  describeCronJob,
  describeDaemonSet,
  describeHorizontalPodAutoscaler,
  describeJob,
  describePodDisruptionBudget,
  describePriorityClass,
  describeStatefulSet,
} from "../describe/kinds.ts";
import { describeNode } from "../describe/node.ts";
import { describePod } from "../describe/pod.ts";
import { describeEndpoints, describeNamespace, describeService } from "../describe/service.ts";
import { describeDeployment, describeReplicaSet } from "../describe/workloads.ts";
import { bool, type FlagSpec, type ParsedFlags, str } from "../flags.ts";
import { DESCRIBE_OBJECTS } from "../paging.ts";
import { apiReadable, listInScope, noResources, notFound, parseTargets, selectorOrError } from "../query.ts";
import type { KubeObject, ResourceType } from "../resources.ts";
import { describeUnstructured } from "../unstructured.ts";

/**
 * `kubectl describe TYPE [NAME_PREFIX]` / `TYPE/NAME`: kubectl's describers for the simulated kinds. A
 * name that matches nothing exactly describes every object whose name starts with it, as kubectl does.
 */
export const DESCRIBE_FLAGS: FlagSpec[] = [
  { name: "all-namespaces", short: "A", type: "bool" },
  { name: "selector", short: "l", type: "string" },
  { name: "show-events", type: "bool", default: true },
];

function describer(ctx: Context, r: ResourceType, events: boolean): ((o: KubeObject) => string) | undefined {
  const s = ctx.state;
  switch (r.kind) {
    case "Pod":
      return (o) => describePod(o as unknown as Pod, events ? s.events : undefined, s.now);
    case "Node":
      return (o) => describeNode(o as unknown as Node, s, events);
    case "Deployment":
      return (o) => describeDeployment(o as unknown as Deployment, s, events);
    case "ReplicaSet":
      return (o) => describeReplicaSet(o as unknown as ReplicaSet, s, events);
    case "Service":
      return (o) => describeService(o as unknown as Service, s, events);
    case "Endpoints":
      return (o) => describeEndpoints(o as unknown as Endpoints, s, events);
    case "Namespace":
      return (o) => describeNamespace(o as unknown as Namespace);
    case "DaemonSet":
      return (o) => describeDaemonSet(o as unknown as DaemonSet, s, events);
    case "StatefulSet":
      return (o) => describeStatefulSet(o as unknown as StatefulSet, s, events);
    case "Job":
      return (o) => describeJob(o as unknown as Job, s, events);
    case "CronJob":
      return (o) => describeCronJob(o as unknown as CronJob, s, events);
    case "HorizontalPodAutoscaler":
      return (o) => describeHorizontalPodAutoscaler(o as unknown as HorizontalPodAutoscaler, s, events);
    case "PodDisruptionBudget":
      return (o) => describePodDisruptionBudget(o as unknown as PodDisruptionBudget, s, events);
    case "PriorityClass":
      return (o) => describePriorityClass(o as unknown as PriorityClass, s, events);
    case "ConfigMap":
      return (o) => describeConfigMap(o as unknown as ConfigMap, s, events);
    case "Secret":
      return (o) => describeSecret(o as unknown as Secret);
    case "ServiceAccount":
      return (o) => describeServiceAccount(o as unknown as ServiceAccount, s, events);
    case "PersistentVolumeClaim":
      return (o) => describeClaim(o as unknown as PersistentVolumeClaim, s, events);
    case "PersistentVolume":
      return (o) => describeVolume(o as unknown as PersistentVolume, s, events);
    case "StorageClass":
      return (o) => describeStorageClass(o as unknown as StorageClass, s, events);
    default:
      if (!r.simulated) return (o) => describeUnstructured(o as unknown as UnstructuredObject, s, events);
      return undefined;
  }
}

export function runDescribe(ctx: Context, flags: ParsedFlags): number {
  const args = flags.positionals;
  if (args.length === 0) {
    printErr(
      ctx,
      'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
    );
    return 1;
  }
  const parsed = parseTargets(args);
  if (!parsed.ok) {
    printErr(ctx, parsed.message);
    return 1;
  }
  const selector = selectorOrError(str(flags.values, "selector"));
  if (!selector.ok) {
    printErr(ctx, selector.message);
    return 1;
  }
  if (!apiReadable(ctx)) return 1;
  const allNamespaces = bool(flags.values, "all-namespaces");
  const slashForm = args.some((a) => a.includes("/"));
  let exit = 0;
  let first = true;
  // each description scans the cluster's events: a command describes at most DESCRIBE_OBJECTS
  let described = 0;
  let left = 0;
  const room = (n: number) => {
    const fits = Math.max(0, Math.min(n, DESCRIBE_OBJECTS - described));
    left += n - fits;
    return fits;
  };
  const emit = (text: string) => {
    ctx.out.push(first ? text : `\n\n${text}`);
    first = false;
    described++;
  };
  for (const target of parsed.targets) {
    const describe = describer(ctx, target.resource, bool(flags.values, "show-events"));
    const objects = listInScope(ctx, target.resource, allNamespaces, selector.selector);
    if (target.names.length === 0) {
      if (objects.length === 0) {
        noResources(ctx, target.resource.namespaced, allNamespaces);
        continue;
      }
      if (!describe) return unsupported(ctx, target.resource);
      for (const o of objects.slice(0, room(objects.length))) emit(describe(o));
      continue;
    }
    for (const name of target.names) {
      const exact = objects.find((o) => o.metadata.name === name);
      const matching = exact || slashForm ? [] : objects.filter((o) => o.metadata.name.startsWith(name));
      if (!exact && matching.length === 0) {
        printErr(ctx, notFound(target.resource, name));
        exit = 1;
        continue;
      }
      if (!describe) return unsupported(ctx, target.resource);
      if (exact) {
        if (room(1) === 1) emit(describe(exact));
      }
      // DescribeMatchingResources prints each match followed by a blank line.
      else
        for (const o of matching.slice(0, room(matching.length))) {
          ctx.out.push(`${describe(o)}\n`);
          described++;
        }
    }
  }
  if (left > 0) {
    printErr(
      ctx,
      `Warning: ${described} objects described, ${left} more (this console describes at most ${DESCRIBE_OBJECTS} per command): name the ones you want, or narrow the list with -n NAMESPACE or -l SELECTOR`,
    );
  }
  return exit;
}

function unsupported(ctx: Context, r: ResourceType): number {
  printErr(
    ctx,
    `error: describing ${r.resource} is not available in this console; try kubectl get ${r.resource} -o yaml`,
  );
  return 1;
}
