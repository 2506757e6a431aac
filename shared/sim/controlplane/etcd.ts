import { quorum } from "../apiserver/availability.ts";
import type { Engine } from "../engine/Engine.ts";
import type { Master } from "../model/controlplane.ts";
import { nextInt } from "../prng.ts";

/**
 * etcd as Raft runs it across the control-plane machines: a quorum of floor(n/2)+1 members; losing the
 * leader starts an election (randomised ~1 s timeout) during which no write is accepted; without a
 * quorum there is no leader at all and every write times out. (Machines and members failing are the
 * world's faults: world/masters.ts.)
 */
export const ELECTION_TIMEOUT_MS = 1_000;
export const ETCD_SOURCE = { component: "etcd" };

export function masterRef(name: string) {
  return { kind: "Master", name };
}

export function upMembers(engine: Engine): Master[] {
  return engine.state.controlPlane.masters.filter((m) => m.up && !m.etcdDown);
}

/** Starts a Raft election among the members that are up; a random candidate wins after the timeout. */
export function elect(engine: Engine): void {
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
        source: ETCD_SOURCE,
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
    source: ETCD_SOURCE,
  });
}
