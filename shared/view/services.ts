import type { ServiceView } from "../protocol/state.ts";
import type { Endpoints, Service } from "../sim/model/service.ts";

/** A Service with the addresses of its Endpoints: ready ones serve, not-ready ones wait. */
export function serviceView(key: string, service: Service, endpoints: Endpoints | undefined): ServiceView {
  const subsets = endpoints?.subsets ?? [];
  const addresses = new Set(subsets.flatMap((s) => s.addresses.map((a) => a.ip)));
  return {
    key,
    name: service.metadata.name,
    namespace: service.metadata.namespace,
    type: service.spec.type,
    clusterIP: service.spec.clusterIP,
    endpoints: addresses.size,
    addresses,
    notReadyAddresses: new Set(subsets.flatMap((s) => s.notReadyAddresses.map((a) => a.ip))),
  };
}
