import { quorum } from "../apiserver/availability.ts";
import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import type { Master } from "../model/controlplane.ts";
import { nextInt } from "../prng.ts";

/**
 * etcd as Raft runs it across the control-plane machines: a quorum of floor(n/2)+1 members; losing the
 * leader starts an election (randomised ~1 s timeout) during which no write is accepted; without a
 * quorum there is no leader at all and every write times out.
 */
export const ELECTION_TIMEOUT_MS = 1_000;
const SOURCE = { component: "etcd" };

function masterRef(name: string) {
  return { kind: "Master", name };
}

function upMembers(engine: Engine): Master[] {
  return engine.state.controlPlane.masters.filter((m) => m.up && !m.etcdDown);
}

/** Starts a Raft election among the members that are up; a random candidate wins after the timeout. */
function elect(engine: Engine): void {
  const etcd = engine.state.controlPlane.etcd;
  const members = upMembers(engine);
  const total = engine.state.controlPlane.masters.length;
  if (members.length < quorum(total)) {
    if (etcd.leader !== undefined) {
      engine.emit({
        type: "Warning",
        reason: "QuorumLost",
        message: `etcd has ${members.length} of ${total} members: a quorum needs ${quorum(total)}; no leader, writes time out`,
        involvedObject: masterRef("etcd"),
        source: SOURCE,
      });
    }
    delete etcd.leader;
    delete etcd.electionUntil;
    engine.changed("ControlPlane", "etcd");
    return;
  }
  engine.changed("ControlPlane", "etcd");
  const winner = members[nextInt(engine.state.rng, members.length)] as Master;
  etcd.term++;
  etcd.leader = winner.name;
  etcd.electionUntil = engine.now + ELECTION_TIMEOUT_MS + nextInt(engine.state.rng, 500);
  engine.wake("controllers", etcd.electionUntil);
  engine.emit({
    type: "Normal",
    reason: "LeaderElected",
    message: `etcd member on ${winner.name} elected leader at term ${etcd.term}; writes resume after the election`,
    involvedObject: masterRef(winner.name),
    source: SOURCE,
  });
}

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
    source: SOURCE,
  });
  const etcd = engine.state.controlPlane.etcd;
  const total = engine.state.controlPlane.masters.length;
  if (!up && (etcd.leader === name || upMembers(engine).length < quorum(total))) elect(engine);
  if (up && etcd.leader === undefined) elect(engine);
  return { ok: true, message: `etcd member on ${name} ${up ? "recovered" : "failed"}` };
}
