import type { WinConditionLineView } from "../../shared/protocol/state.ts";
import type { WinCondition } from "../../shared/scenario/document.ts";
import { evaluateWinCondition } from "../../shared/scenario/goals.ts";
import type { ClusterState } from "../../shared/sim/model/state.ts";
import type { SessionState } from "./classroom.ts";
import { writeView } from "./writeView.ts";

/**
 * The scenario's win conditions as the lobby reads them: the description shared/scenario/goals.ts
 * gives each one, the same words the end of the match judges. Only a DeploymentAvailable without
 * `replicas` reads the cluster (it wants the Deployment's own spec.replicas), so only those are worded
 * again, when a Deployment changes; the others are worded once.
 */
export class WinConditionLines {
  private readonly conditions: readonly WinCondition[];
  private readonly session: SessionState;
  private readonly lines: WinConditionLineView[] = [];
  private readonly live: number[] = [];

  constructor(conditions: readonly WinCondition[], session: SessionState) {
    this.conditions = conditions;
    this.session = session;
    conditions.forEach((c, i) => {
      if (c.type === "DeploymentAvailable" && c.replicas === undefined) this.live.push(i);
    });
  }

  initialize(state: ClusterState): void {
    this.lines.length = 0;
    for (const c of this.conditions) this.lines.push(line(state, c));
    writeView(this.session, { winConditions: this.lines });
  }

  deploymentsChanged(state: ClusterState): void {
    if (this.live.length === 0) return;
    for (const i of this.live) {
      this.lines[i] = line(state, this.conditions[i] as WinCondition);
    }
    writeView(this.session, { winConditions: this.lines });
  }
}

function line(state: ClusterState, condition: WinCondition): WinConditionLineView {
  const result = evaluateWinCondition(state, condition);
  return {
    text: result.description,
    code: result.descriptionMessage.code,
    params: JSON.stringify(result.descriptionMessage.params),
  };
}
