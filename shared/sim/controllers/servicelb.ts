import type { Engine } from "../engine/Engine.ts";
import { stateHash } from "../hash.ts";
import type { ProviderName } from "../model/node.ts";
import type { Service } from "../model/service.ts";

/**
 * The cloud controller manager's service controller: a LoadBalancer Service gets a load balancer from
 * the cluster's cloud (EnsuringLoadBalancer, then EnsuredLoadBalancer with its address: an ELB host
 * name on AWS, an address on GCP and Azure). A cluster of local machines, or of several clouds, has no
 * cloud controller: its LoadBalancer Services stay <pending>, as on kubeadm or kind without MetalLB.
 */
const SOURCE = { component: "service-controller" };

/** How long each cloud takes to make a load balancer. */
const PROVISIONING_MS: Partial<Record<ProviderName, number>> = { aws: 5000, gcp: 40_000, azure: 20_000 };

/** The cloud every node is on, if there is one. */
export function clusterCloud(engine: Engine): ProviderName | undefined {
  const providers = new Set(Object.values(engine.state.nodes).map((n) => n.machine.provider));
  const [only] = providers;
  return providers.size === 1 && only && only !== "local" ? only : undefined;
}

function ingressOf(engine: Engine, cloud: ProviderName, svc: Service): { ip?: string; hostname?: string } {
  const hash = stateHash(`${engine.state.seed}/${svc.metadata.uid}`);
  const byte = (i: number) => Number.parseInt(hash.slice(i * 2, i * 2 + 2), 16);
  if (cloud === "aws") {
    const region = Object.values(engine.state.nodes)[0]?.machine.region ?? "us-east-1";
    const id = Number.parseInt(hash.slice(0, 8), 16) % 10_000_000_000;
    const name = `${hash}${stateHash(hash)}`.slice(0, 32);
    return { hostname: `a${name}-${String(id).padStart(10, "0")}.${region}.elb.amazonaws.com` };
  }
  const first = cloud === "gcp" ? 34 : 20;
  return { ip: `${first}.${byte(0) % 128}.${byte(1)}.${1 + (byte(2) % 254)}` };
}

export function syncLoadBalancers(engine: Engine): void {
  const state = engine.state;
  const cloud = clusterCloud(engine);
  if (!cloud) return;
  state.controllers.loadBalancers ??= {};
  const making = state.controllers.loadBalancers;
  for (const key of Object.keys(state.services).sort()) {
    const svc = state.services[key] as Service;
    const involvedObject = {
      kind: "Service",
      name: svc.metadata.name,
      namespace: svc.metadata.namespace,
      uid: svc.metadata.uid,
    };
    if (svc.spec.type !== "LoadBalancer") {
      delete making[key];
      continue;
    }
    if (svc.status?.loadBalancer.ingress?.length) continue;
    const due = making[key];
    if (due === undefined) {
      making[key] = engine.now + (PROVISIONING_MS[cloud] ?? 10_000);
      engine.wake("controllers", making[key]);
      engine.emit({
        type: "Normal",
        reason: "EnsuringLoadBalancer",
        message: "Ensuring load balancer",
        involvedObject,
        source: SOURCE,
      });
      continue;
    }
    if (due > engine.now) continue;
    delete making[key];
    svc.status = { loadBalancer: { ingress: [ingressOf(engine, cloud, svc)] } };
    engine.written("Service", key, svc);
    engine.emit({
      type: "Normal",
      reason: "EnsuredLoadBalancer",
      message: "Ensured load balancer",
      involvedObject,
      source: SOURCE,
    });
  }
}
