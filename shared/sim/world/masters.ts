import { quorum } from "../apiserver/availability.ts";
import type { CommandResult } from "../commands.ts";
import { ETCD_SOURCE, elect, masterRef, upMembers } from "../controlplane/etcd.ts";
import type { Engine } from "../engine/Engine.ts";

/**
 * The control-plane machines failing and coming back, and an etcd member failing alone (a full disk,
 * corrupted data): the instructor's faults. etcd answers by electing a leader (controlplane/etcd.ts).
 */
export function failMaster(engine: Engine, name: string): CommandResult {
  const master = engine.state.controlPlane.masters.find((m) => m.name === name);
  if (!master) return { ok: false, code: "NotFound", message: `master "${name}" not found` };
  if (!master.up) return { ok: true, message: `${name} is already down` };
  master.up = false;
  engine.changed("ControlPlane", name);
  engine.emit({
    type: "Warning",
    reason: "MasterDown",
    message: `${name} is down: its API server, controller manager, scheduler and etcd member stop`,
    involvedObject: masterRef(name),
    source: { component: "kubeclass" },
  });
  const etcd = engine.state.controlPlane.etcd;
  if (etcd.leader === name || upMembers(engine).length < quorum(engine.state.controlPlane.masters.length))
    elect(engine);
  return { ok: true, message: `${name} failed` };
}

export function recoverMaster(engine: Engine, name: string): CommandResult {
  const master = engine.state.controlPlane.masters.find((m) => m.name === name);
  if (!master) return { ok: false, code: "NotFound", message: `master "${name}" not found` };
  if (master.up) return { ok: true, message: `${name} is already up` };
  master.up = true;
  engine.changed("ControlPlane", name);
  engine.emit({
    type: "Normal",
    reason: "MasterUp",
    message: `${name} is back: its etcd member rejoins the cluster`,
    involvedObject: masterRef(name),
    source: { component: "kubeclass" },
  });
  if (engine.state.controlPlane.etcd.leader === undefined) elect(engine);
  return { ok: true, message: `${name} recovered` };
}

/** Only the etcd member on a master fails (disk full, corrupted data): the machine runs on. */
export function setEtcdMember(engine: Engine, name: string, up: boolean): CommandResult {
  const master = engine.state.controlPlane.masters.find((m) => m.name === name);
  if (!master) return { ok: false, code: "NotFound", message: `master "${name}" not found` };
  if (!master.etcdDown === up)
    return { ok: true, message: `etcd member on ${name} is already ${up ? "up" : "down"}` };
  if (up) delete master.etcdDown;
  else master.etcdDown = true;
  engine.changed("ControlPlane", name);
  engine.emit({
    type: up ? "Normal" : "Warning",
    reason: up ? "EtcdMemberUp" : "EtcdMemberDown",
    message: up
      ? `etcd member on ${name} rejoined the cluster`
      : `etcd member on ${name} failed; the API server there stays up`,
    involvedObject: masterRef(name),
    source: ETCD_SOURCE,
  });
  const etcd = engine.state.controlPlane.etcd;
  const total = engine.state.controlPlane.masters.length;
  if (!up && (etcd.leader === name || upMembers(engine).length < quorum(total))) elect(engine);
  if (up && etcd.leader === undefined) elect(engine);
  return { ok: true, message: `etcd member on ${name} ${up ? "recovered" : "failed"}` };
}
