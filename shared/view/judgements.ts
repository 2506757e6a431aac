import type { JudgementView } from "../protocol/state.ts";
import { pointsFor } from "../score/score.ts";
import type { Judgement } from "../sim/model/judgement.ts";

export function judgementView(j: Judgement): JudgementView {
  return {
    id: String(j.seq),
    time: j.time,
    seat: j.seat,
    driver: j.driver,
    kind: j.kind,
    subject: j.subject,
    value: j.value,
    points: pointsFor(j),
    detail: j.detail ?? "",
  };
}
