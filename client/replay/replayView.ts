import type { PlayerView, SeatView, SessionView } from "../../shared/protocol/state.ts";
import type { MatchRecord } from "../../shared/replay/record.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { ClusterProjector } from "../../shared/view/ClusterProjector.ts";
import { PlainClusterTarget } from "../../shared/view/target.ts";
import type { ClusterView } from "../state/view.ts";

/**
 * A replay's engine seen through the synced state's shape, so the board and the tables draw a replay
 * exactly as they draw a live class: the same ClusterProjector the server runs, writing into plain maps.
 * Stepping forward applies only what changed; a seek (a new engine restored from a keyframe) projects
 * the cluster afresh. The session, the players and who held which seat come from the record.
 */
export class ReplayView {
  private readonly record: MatchRecord;
  private engine: Engine | undefined;
  private projector: ClusterProjector | undefined;
  private target = new PlainClusterTarget();

  constructor(record: MatchRecord) {
    this.record = record;
  }

  view(engine: Engine, status: SessionView["status"]): ClusterView {
    if (engine !== this.engine || !this.projector) {
      this.engine = engine;
      this.target = new PlainClusterTarget();
      this.projector = new ClusterProjector(engine, this.target);
      this.projector.initialize();
    } else {
      this.projector.flush();
    }
    return this.compose(engine, status);
  }

  private compose(engine: Engine, status: SessionView["status"]): ClusterView {
    const record = this.record;
    const s = engine.state;
    const session: SessionView = {
      code: "",
      scenario: record.scenario.name,
      title: record.scenario.title,
      description: "",
      goals: [],
      translations: new Map(),
      winConditions: [],
      status,
      speed: 1,
      tick: s.tick,
      now: s.now,
      startTime: s.startTime,
      durationSeconds: 0,
      tickedAt: 0,
      locked: false,
      lateJoin: false,
      seatChoice: "free",
      teamSize: 0,
      helpLevel: "full",
      manualHeartbeats: s.manualHeartbeats === true,
      maxPlayers: 0,
      frozen: false,
      freezeMessage: "",
      leaderboardVisible: false,
    };
    const players = new Map<string, PlayerView>();
    for (const p of record.players) {
      const seat =
        record.occupancy.find(
          (o) => o.player === p.id && o.fromTick <= s.tick && (o.toTick === undefined || o.toTick > s.tick),
        )?.seat ?? "";
      players.set(p.id, { id: p.id, nickname: p.nickname, seat, connected: seat !== "", score: 0 });
    }
    const seats = new Map<string, SeatView>();
    for (const [id, seat] of this.target.seats) {
      const holders = [...players.values()].filter((p) => p.seat === id).map((p) => p.id);
      seats.set(id, { ...seat, holders });
    }
    const t = this.target;
    return {
      session,
      players,
      seats,
      nodes: t.nodes,
      pods: t.pods,
      workloads: t.workloads,
      horizontalPodAutoscalers: t.horizontalPodAutoscalers,
      podDisruptionBudgets: t.podDisruptionBudgets,
      services: t.services,
      events: t.events,
      registries: t.registries,
      traffic: t.traffic,
      proxies: t.proxies,
      judgements: t.judgements,
      requests: t.requests,
      ...(t.controlPlane ? { controlPlane: t.controlPlane } : {}),
      ...(t.autoscaling ? { autoscaling: t.autoscaling } : {}),
    };
  }
}
