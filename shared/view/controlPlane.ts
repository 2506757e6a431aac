import type { ControlPlaneView, MasterView } from "../protocol/state.ts";
import { apiAvailable, etcdHasQuorum } from "../sim/apiserver/availability.ts";
import { activeLeader } from "../sim/controlplane/leaderelection.ts";
import type { Engine } from "../sim/engine/Engine.ts";

/**
 * The control-plane machines with their etcd members and the two leader elections. Leaders and the
 * API server's writability also change with time (a Lease expires, an etcd election ends), so a
 * projector recomputes this small view at every flush.
 */
export function controlPlaneView(engine: Engine): ControlPlaneView {
  const s = engine.state;
  const scheduler = activeLeader(engine, "kube-scheduler") ?? "";
  const controllerManager = activeLeader(engine, "kube-controller-manager") ?? "";
  const etcd = s.controlPlane.etcd;
  const masters = new Map<string, MasterView>();
  for (const m of s.controlPlane.masters) {
    masters.set(m.name, {
      name: m.name,
      up: m.up,
      etcdUp: m.up && !m.etcdDown,
      etcdLeader: etcd.leader === m.name,
      schedulerLeader: scheduler === m.name,
      controllerManagerLeader: controllerManager === m.name,
    });
  }
  return {
    masters,
    quorum: etcdHasQuorum(s),
    writable: apiAvailable(s),
    etcdTerm: etcd.term,
    schedulerLeader: scheduler,
    controllerManagerLeader: controllerManager,
  };
}
