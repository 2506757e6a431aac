import type { SeatView } from "../protocol/state.ts";
import { nodeOf, roleOf, type SeatState } from "../sim/model/seat.ts";

/** A seat as the engine knows it; who holds it is the classroom's business (SeatView.holders). */
export type ClusterSeatView = Omit<SeatView, "holders">;

/** Seats of the cluster's components: not the instructor's, not the scenario timeline's. */
export function isComponentSeat(id: string): boolean {
  return id !== "instructor" && id !== "scenario";
}

export function seatView(id: string, seat: SeatState): ClusterSeatView {
  return {
    id,
    role: roleOf(id) ?? id,
    node: nodeOf(id) ?? "",
    driver: seat.driver,
    assisted: seat.assisted === true,
  };
}
