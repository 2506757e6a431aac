import type { CommandResult } from "../commands.ts";
import type { ClusterState } from "../model/state.ts";

/**
 * Can the API server write? Some control-plane machine must be up (its API server answers), etcd must
 * have a quorum (floor(n/2)+1 members up) and not be electing a leader. Otherwise a write fails as
 * kubectl reports it, and nothing changes.
 */
export function quorum(members: number): number {
  return Math.floor(members / 2) + 1;
}

export function etcdHasQuorum(state: ClusterState): boolean {
  const masters = state.controlPlane.masters;
  return masters.filter((m) => m.up && !m.etcdDown).length >= quorum(masters.length);
}

export function apiUnavailable(state: ClusterState): CommandResult | undefined {
  const masters = state.controlPlane.masters;
  if (!masters.some((m) => m.up)) {
    return {
      ok: false,
      code: "Unavailable",
      message:
        "The connection to the server 10.0.0.2:6443 was refused - did you specify the right host or port?",
    };
  }
  const etcd = state.controlPlane.etcd;
  if (
    !etcdHasQuorum(state) ||
    !etcd.leader ||
    (etcd.electionUntil !== undefined && etcd.electionUntil > state.now)
  ) {
    return { ok: false, code: "Unavailable", message: "Error from server: etcdserver: request timed out" };
  }
  return undefined;
}

export function apiAvailable(state: ClusterState): boolean {
  return apiUnavailable(state) === undefined;
}
