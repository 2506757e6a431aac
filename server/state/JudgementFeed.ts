import { JUDGEMENTS_KEPT, type JudgementView } from "../../shared/protocol/state.ts";
import { pointsFor } from "../../shared/score/score.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import type { Judgement } from "../../shared/sim/model/judgement.ts";
import type { ClassroomState } from "./ClassroomState.ts";
import { JudgementState } from "./classroom.ts";

/**
 * Follows the engine's judgement log (append-only, numbered by `seq`, trimmed at the front past
 * JUDGEMENT_LIMIT): keeps the most recent human judgements in the synced state (JUDGEMENTS_KEPT) and
 * tells the classroom when humans were judged, so scores are recomputed then only.
 */
export class JudgementFeed {
  private readonly engine: Engine;
  private readonly state: ClassroomState;
  /** seq of the newest judgement already seen. */
  private lastSeq = 0;
  private readonly order: string[] = [];

  constructor(engine: Engine, state: ClassroomState) {
    this.engine = engine;
    this.state = state;
  }

  /** Takes the whole log as it is (a new or resumed session). Returns whether it holds human judgements. */
  initialize(): boolean {
    const list = this.engine.state.judgements;
    const humans = list.filter((j) => j.driver === "human");
    for (const j of humans.slice(-JUDGEMENTS_KEPT)) this.add(j);
    this.lastSeq = list.at(-1)?.seq ?? 0;
    return humans.length > 0;
  }

  /** Reads the judgements made since the last call. Returns how many of them judged humans. */
  poll(): number {
    const list = this.engine.state.judgements;
    let i = list.length;
    while (i > 0 && (list[i - 1] as Judgement).seq > this.lastSeq) i--;
    let humans = 0;
    for (; i < list.length; i++) {
      const j = list[i] as Judgement;
      this.lastSeq = j.seq;
      if (j.driver !== "human") continue;
      humans++;
      this.add(j);
    }
    return humans;
  }

  /** The synced view of a human judgement the feed has seen. */
  viewOf(judgement: Judgement): JudgementView | undefined {
    const item = this.state.judgements.get(String(judgement.seq));
    if (!item) return undefined;
    return {
      id: item.id,
      time: item.time,
      seat: item.seat,
      driver: item.driver,
      kind: item.kind,
      subject: item.subject,
      value: item.value,
      points: item.points,
      detail: item.detail,
    };
  }

  private add(j: Judgement): void {
    const id = String(j.seq);
    const item = new JudgementState();
    item.id = id;
    item.time = j.time;
    item.seat = j.seat;
    item.driver = j.driver;
    item.kind = j.kind;
    item.subject = j.subject;
    item.value = j.value;
    item.points = pointsFor(j);
    item.detail = j.detail ?? "";
    this.state.judgements.set(id, item);
    this.order.push(id);
    while (this.order.length > JUDGEMENTS_KEPT) {
      const oldest = this.order.shift();
      if (oldest !== undefined) this.state.judgements.delete(oldest);
    }
  }
}
