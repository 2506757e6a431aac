import type { ClassroomState } from "../state/ClassroomState.ts";
import { PlayerAdminState, PlayerState } from "../state/classroom.ts";
import type { MessageCounters } from "./MessageRouter.ts";
import type { Player } from "./Roster.ts";

/**
 * The players as the synced state shows them: a row in the public lobby (everyone) and one in the
 * instructor's panel (device, address, and the counters of their messages, which the class's totals sum
 * up). The roster is the truth; this copies it out.
 */
export class PlayerBoard implements MessageCounters {
  private readonly state: Pick<ClassroomState, "players" | "instructor">;

  constructor(state: Pick<ClassroomState, "players" | "instructor">) {
    this.state = state;
  }

  /** A new (or restored) player appears in the lobby and the instructor's panel. */
  add(player: Player): void {
    const pub = new PlayerState();
    pub.id = player.id;
    pub.nickname = player.nickname;
    // a kicked player (restored after a restart) stays off the public lobby
    if (!player.kicked) this.state.players.set(player.id, pub);
    const admin = new PlayerAdminState();
    admin.id = player.id;
    admin.nickname = player.nickname;
    admin.device = player.deviceHash.slice(0, 8);
    admin.ip = player.ip;
    admin.joinedAt = player.joinedAt;
    this.state.instructor.players.set(player.id, admin);
    this.sync(player);
  }

  /** Copies a player's record into the lobby and the instructor's panel. */
  sync(player: Player): void {
    const pub = this.state.players.get(player.id);
    if (pub) {
      pub.seat = player.seat ?? "";
      pub.connected = player.connected;
      pub.score = player.points;
    }
    const admin = this.state.instructor.players.get(player.id);
    if (admin) {
      admin.seat = player.seat ?? "";
      admin.connected = player.connected;
      admin.kicked = player.kicked;
      admin.banned = player.banned;
      admin.addressBanned = player.addressBanned;
      admin.accepted = player.accepted;
      admin.refused = player.refused;
      admin.malformed = player.malformed;
      admin.throttled = player.throttled;
    }
  }

  /** A removed player leaves the public lobby (the instructor still sees them, marked). */
  remove(player: Player): void {
    this.state.players.delete(player.id);
    this.sync(player);
  }

  throttled(player: Player | undefined): void {
    this.state.instructor.throttled++;
    if (!player) return;
    player.throttled++;
    this.sync(player);
  }

  refused(player: Player | undefined, malformed: boolean): void {
    if (malformed) this.state.instructor.malformed++;
    if (!player) return;
    if (malformed) player.malformed++;
    else player.refused++;
    this.sync(player);
  }

  /** A request refused because the player's seat or class had overdrawn its work budget. */
  overBudget(player: Player): void {
    player.throttled++;
    this.sync(player);
  }

  accepted(player: Player, count: number): void {
    player.accepted += count;
    this.sync(player);
  }
}
