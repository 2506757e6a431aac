import type { WinCondition } from "../../shared/scenario/document.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { ClusterProjector, type ProjectionResult } from "../../shared/view/ClusterProjector.ts";
import type { ClassroomState } from "./ClassroomState.ts";
import { schemaTarget } from "./SchemaTarget.ts";
import { WinConditionLines } from "./winConditions.ts";

export interface ProjectorOptions {
  /** The scenario's win conditions, worded into session.winConditions. */
  winConditions?: readonly WinCondition[];
}

export interface FlushResult extends ProjectionResult {
  /** A workload appeared: the views that show workloads' status must add it (Connections). */
  workloadsAdded: boolean;
}

/**
 * Keeps the room's synced state a projection of its engine: shared/view's ClusterProjector writes the
 * cluster (the same one a replay runs), this adds what belongs to the session (the clock, the win
 * conditions' lines). The room calls `flush()` right before each patch, so a patch carries every change
 * made since the previous one, whether by a tick or by a command.
 */
export class Projector {
  private readonly engine: Engine;
  private readonly state: ClassroomState;
  private readonly cluster: ClusterProjector;
  private readonly winConditions: WinConditionLines;
  private workloadsAdded = false;

  constructor(engine: Engine, state: ClassroomState, options: ProjectorOptions = {}) {
    this.engine = engine;
    this.state = state;
    // pods' creation times travel relative to it (podWire.ts), so it is set before any pod is written
    state.session.startTime = engine.state.startTime;
    this.cluster = new ClusterProjector(
      engine,
      schemaTarget(state, {
        workloadAdded: () => {
          this.workloadsAdded = true;
        },
      }),
    );
    // the kubelet's side of a machine is read by the kubelet panel alone: none until a player holds one
    this.cluster.showKubeletSides(new Set());
    this.winConditions = new WinConditionLines(options.winConditions ?? [], state.session);
  }

  /** The nodes whose kubelet panel a connected player has open (Connections), or every node. */
  showKubeletSides(nodes?: ReadonlySet<string>): void {
    this.cluster.showKubeletSides(nodes);
  }

  initialize(): FlushResult {
    this.winConditions.initialize(this.engine.state);
    return this.finish(this.cluster.initialize());
  }

  flush(): FlushResult {
    return this.finish(this.cluster.flush());
  }

  private finish(result: ProjectionResult): FlushResult {
    this.winConditions.deploymentsChanged(this.engine.state);
    const session = this.state.session;
    session.tick = this.engine.state.tick;
    session.manualHeartbeats = this.engine.state.manualHeartbeats === true;
    const workloadsAdded = this.workloadsAdded;
    this.workloadsAdded = false;
    return { ...result, workloadsAdded };
  }
}
