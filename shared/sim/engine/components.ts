import { watchForControllers } from "../controllers/informer.ts";
import { watchForNamespaces } from "../controllers/serviceaccounts.ts";
import { watchForKubelets } from "../kubelet/informer.ts";
import { watchForKubeProxies } from "../proxy/informer.ts";
import { watchForScheduler } from "../scheduler/informer.ts";
import { watchForMachines } from "../world/machines.ts";
import type { Engine } from "./Engine.ts";

/**
 * Where the components are wired to the watch, as kube-scheduler's registry.go is where its plugins
 * are: each subscribes to the kinds it cares about, and hears of a change in this order (part of the
 * engine's determinism): kube-scheduler, the kubelets, kube-controller-manager, the kube-proxies, then
 * the world's machines (which boot a node's agents when its Node appears).
 */
export function subscribeComponents(engine: Engine): void {
  watchForScheduler(engine);
  watchForKubelets(engine);
  watchForControllers(engine);
  watchForNamespaces(engine);
  watchForKubeProxies(engine);
  watchForMachines(engine);
}
