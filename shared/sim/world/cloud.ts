import { applyObject, deleteObject, evictPod, setUnschedulable } from "../apiserver/apiserver.ts";
import { apiAvailable } from "../apiserver/availability.ts";
import { admitCreate } from "../apiserver/quota.ts";
import { DEFAULT_INSTANCE, PROVIDERS } from "../catalogue/providers.ts";
import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import { nameSuffix } from "../engine/ids.ts";
import type { ProviderName } from "../model/node.ts";
import { nextInt, nextUint32 } from "../prng.ts";
import { nodeGroupLabels, nodeGroupTaints, SPOT_PRICE_FACTOR } from "./nodegroups.ts";

/**
 * Resource providers: asking one for a node (it joins after the machine boots: ~45 s on premises,
 * ~60-120 s in the clouds) and giving one back (drained first, then deleted).
 */
const SOURCE = { component: "kubeclass-cloud" };

function nodeName(engine: Engine, provider: ProviderName, instanceType: string): string {
  const rng = engine.state.rng;
  for (;;) {
    let name: string;
    switch (provider) {
      case "aws":
        name = `ip-10-0-${nextInt(rng, 256)}-${nextInt(rng, 256)}.ec2.internal`;
        break;
      case "gcp":
        name = `gce-${instanceType}-${nameSuffix(nextUint32(rng), 4)}`;
        break;
      case "azure":
        name = `aks-nodepool1-${10_000_000 + nextInt(rng, 89_999_999)}-vmss${String(nextInt(rng, 1000)).padStart(6, "0")}`;
        break;
      default:
        name = `local-${nameSuffix(nextUint32(rng), 5)}`;
    }
    if (!engine.state.nodes[name] && !engine.state.pendingNodes.some((p) => p.name === name)) return name;
  }
}

export function addNode(
  engine: Engine,
  provider: ProviderName,
  instanceType?: string,
  name?: string,
  group?: { nodeGroup: string; spot: boolean },
): CommandResult {
  const info = PROVIDERS[provider];
  const type = instanceType ?? DEFAULT_INSTANCE[provider];
  if (!info.instanceTypes.some((t) => t.name === type)) {
    const supported = info.instanceTypes.map((t) => `"${t.name}"`).join(", ");
    return {
      ok: false,
      code: "Invalid",
      message: `instanceType: Unsupported value: "${type}": supported values for ${info.displayName}: ${supported}`,
    };
  }
  if (name && (engine.state.nodes[name] || engine.state.pendingNodes.some((p) => p.name === name))) {
    return { ok: false, code: "AlreadyExists", message: `nodes "${name}" already exists` };
  }
  const chosen = name ?? nodeName(engine, provider, type);
  const refused = admitCreate(engine, "Node", "nodes", chosen);
  if (refused) return refused;
  const joinAt = engine.now + info.bootSeconds * 1000;
  engine.state.pendingNodes.push({
    name: chosen,
    provider,
    instanceType: type,
    joinAt,
    ...(group ? { nodeGroup: group.nodeGroup, ...(group.spot ? { spot: true } : {}) } : {}),
  });
  engine.wake("cloud", joinAt);
  engine.emit({
    type: "Normal",
    reason: "ProvisioningNode",
    message: `Requested a ${type} from ${info.displayName} as node ${chosen}; it joins when the machine has booted (~${info.bootSeconds}s)`,
    involvedObject: { kind: "Node", name: chosen },
    source: SOURCE,
  });
  return { ok: true, message: `node/${chosen} requested from ${info.displayName} (${type})` };
}

/** Machines that have booted register their Node with the API server (once it can write). */
export function joinPendingNodes(engine: Engine): void {
  const state = engine.state;
  if (state.pendingNodes.length === 0 || !apiAvailable(state)) return;
  const due = state.pendingNodes.filter((p) => p.joinAt <= engine.now);
  if (due.length === 0) return;
  state.pendingNodes = state.pendingNodes.filter((p) => p.joinAt > engine.now);
  for (const pending of due) {
    const provider = pending.provider as ProviderName;
    const region = PROVIDERS[provider].defaultRegion;
    const providerID =
      provider === "aws"
        ? `aws:///${region}a/i-0${nameSuffix(nextUint32(state.rng), 8)}`
        : provider === "gcp"
          ? `gce://kubeclass/${region}-a/${pending.name}`
          : provider === "azure"
            ? `azure:///subscriptions/kubeclass/resourceGroups/mc_kubeclass/providers/Microsoft.Compute/virtualMachineScaleSets/${pending.name}`
            : undefined;
    // A node group's node: its pool's labels (a zone of the region, spread as the cloud spreads them), spot price.
    const group = pending.nodeGroup
      ? { name: pending.nodeGroup, provider, spot: pending.spot === true }
      : undefined;
    const zone = group && provider !== "local" ? `${region}${"abc"[nextInt(state.rng, 3)]}` : undefined;
    const type = PROVIDERS[provider].instanceTypes.find((t) => t.name === pending.instanceType);
    applyObject(engine, {
      kind: "Node",
      metadata: { name: pending.name, labels: group ? nodeGroupLabels(group, zone) : {}, annotations: {} },
      spec: {
        unschedulable: false,
        taints: group ? nodeGroupTaints(group) : [],
        ...(providerID ? { providerID } : {}),
      },
      machine: {
        provider,
        instanceType: pending.instanceType,
        region,
        ...(group?.spot && type ? { pricePerHour: type.pricePerHour * SPOT_PRICE_FACTOR[provider] } : {}),
      },
    });
  }
}

/** Gives a node back to its provider: cordon, evict its pods, delete the Node once they are gone. */
export function removeNode(engine: Engine, name: string): CommandResult {
  const node = engine.state.nodes[name];
  if (!node) return { ok: false, code: "NotFound", message: `nodes "${name}" not found` };
  setUnschedulable(engine, name, true);
  for (const pod of engine.podsOnNode(name)) {
    if (pod.metadata.deletionTimestamp === undefined)
      evictPod(engine, pod, "EvictionByEvictionAPI", "Eviction API: evicting");
  }
  engine.state.controllers.drainingNodes[name] = true;
  engine.emit({
    type: "Normal",
    reason: "RemovingNode",
    message: `Draining node ${name} before returning it to ${PROVIDERS[node.machine.provider].displayName}`,
    involvedObject: { kind: "Node", name, uid: node.metadata.uid },
    source: SOURCE,
  });
  return { ok: true, message: `node/${name} draining, then removed` };
}

/** A node being given back is deleted once its pods are gone (or its machine is down). */
export function removeDrainedNodes(engine: Engine): void {
  const draining = engine.state.controllers.drainingNodes;
  for (const name of Object.keys(draining)) {
    const remaining = engine
      .podsOnNode(name)
      .filter((p) => p.status.phase !== "Succeeded" && p.status.phase !== "Failed");
    if (remaining.length > 0 && engine.state.machines[name]?.up) continue;
    delete draining[name];
    deleteObject(engine, "Node", name);
  }
}
