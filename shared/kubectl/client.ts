import type { Command, CommandResult } from "../sim/commands.ts";
import type { ClusterState } from "../sim/model/state.ts";

/**
 * What kubectl needs of a cluster, as the real kubectl needs of an API server: read the objects, and
 * send a change as a seat (the user it authenticates as). An Engine is one (`npm run kubectl`, tests);
 * the game server hands the console one whose changes go through the match record.
 */
export interface KubeClient {
  readonly state: ClusterState;
  apply(seat: string, command: Command): CommandResult;
}

/** What completion reads: the objects only. */
export type KubeReader = Pick<KubeClient, "state">;
