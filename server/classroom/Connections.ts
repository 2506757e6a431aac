import { StateView } from "@colyseus/schema";
import { CloseCodes, type WelcomeMessage } from "../../shared/protocol/replies.ts";
import { INSTRUCTOR_VIEW } from "../state/classroom.ts";
import { MACHINE_VIEW } from "../state/cluster.ts";
import type { Classroom, Identity } from "./Classroom.ts";
import type { Player } from "./Roster.ts";

interface Connection {
  identity: Identity;
  view: StateView;
  /** Kicked, replaced or ended: ignored until the transport reports it gone. */
  closed: boolean;
  /** Nodes whose machine this view shows. */
  machines: Set<string>;
}

/**
 * The open WebSockets of a session (by Colyseus session id), who each one speaks for, and what each may
 * see: every view gets the shared state; the instructor's adds the instructor panel and every machine; a
 * kubelet team's adds its own node's machine. A player's presence (connected, dropped, back) drives
 * their seat's driver, so the bot covers while they are away.
 */
export class Connections {
  private readonly classroom: Classroom;
  private readonly open = new Map<string, Connection>();
  private lastActivity = Date.now();

  constructor(classroom: Classroom) {
    this.classroom = classroom;
  }

  get size(): number {
    return this.open.size;
  }

  has(sessionId: string): boolean {
    return this.open.has(sessionId);
  }

  connect(sessionId: string, identity: Identity): StateView {
    const c = this.classroom;
    this.lastActivity = Date.now();
    const view = new StateView();
    const connection: Connection = { identity, view, closed: false, machines: new Set() };
    this.open.set(sessionId, connection);
    if (identity.role === "instructor") {
      view.add(c.state, INSTRUCTOR_VIEW);
      this.syncMachineViews(connection);
      c.host.send(sessionId, "welcome", { role: "instructor" } satisfies WelcomeMessage);
      return view;
    }
    const player = c.roster.get(identity.playerId);
    if (!player) return view;
    const previous = player.sessionId;
    if (previous && previous !== sessionId) this.replace(previous);
    player.sessionId = sessionId;
    player.connected = true;
    this.syncMachineViews(connection);
    this.presenceChanged(player, "connected");
    this.welcome(sessionId, player);
    return view;
  }

  /** The connection dropped without saying goodbye: the seat's bot covers until it comes back. */
  dropped(sessionId: string): void {
    const player = this.playerOf(sessionId);
    if (player && player.sessionId === sessionId) {
      player.connected = false;
      this.presenceChanged(player, "dropped");
    }
  }

  reconnected(sessionId: string): void {
    this.lastActivity = Date.now();
    const player = this.playerOf(sessionId);
    if (player && player.sessionId === sessionId) {
      player.connected = true;
      this.presenceChanged(player, "reconnected");
      this.welcome(sessionId, player);
    }
  }

  /** The transport is done with this connection (left, or never came back). */
  disconnected(sessionId: string): void {
    const connection = this.open.get(sessionId);
    this.open.delete(sessionId);
    connection?.view.dispose();
    const c = this.classroom;
    const identity = connection?.identity;
    const player = identity?.role === "student" ? c.roster.get(identity.playerId) : undefined;
    if (player && player.sessionId === sessionId) {
      player.sessionId = undefined;
      if (player.connected) {
        player.connected = false;
        this.presenceChanged(player, "left");
      }
    }
    if (this.open.size > 0) this.lastActivity = Date.now();
  }

  /** Who a live connection speaks for (undefined once it is closed). */
  identityOf(sessionId: string): Identity | undefined {
    const connection = this.open.get(sessionId);
    return connection && !connection.closed ? connection.identity : undefined;
  }

  playerOf(sessionId: string): Player | undefined {
    const identity = this.identityOf(sessionId);
    return identity?.role === "student" ? this.classroom.roster.get(identity.playerId) : undefined;
  }

  /** Stops listening to a connection; the transport closes it and reports it gone later. */
  close(sessionId: string): void {
    const connection = this.open.get(sessionId);
    if (connection) connection.closed = true;
  }

  closeAll(): void {
    for (const sessionId of this.open.keys()) this.close(sessionId);
  }

  /** Whether nobody has been connected for `minutes` (0: never idle). */
  idleFor(minutes: number, now: number): boolean {
    return minutes > 0 && this.open.size === 0 && now - this.lastActivity > minutes * 60_000;
  }

  /** After seats or nodes changed: every view shows the machines it may. */
  syncAllViews(): void {
    for (const connection of this.open.values()) this.syncMachineViews(connection);
  }

  syncViewOf(player: Player): void {
    const connection = player.sessionId ? this.open.get(player.sessionId) : undefined;
    if (connection) this.syncMachineViews(connection);
  }

  /** A newer connection of the same player wins; the old one is told why it was closed. */
  private replace(sessionId: string): void {
    const host = this.classroom.host;
    this.close(sessionId);
    host.cancelReconnection(sessionId);
    host.close(sessionId, CloseCodes.REPLACED, "You opened this session somewhere else.");
  }

  private welcome(sessionId: string, player: Player): void {
    this.classroom.host.send(sessionId, "welcome", {
      role: "student",
      playerId: player.id,
      nickname: player.nickname,
      seat: player.seat,
    } satisfies WelcomeMessage);
  }

  private presenceChanged(player: Player, kind: string): void {
    const c = this.classroom;
    c.syncPlayer(player);
    c.recordEvent(`player-${kind}`, {}, player.id);
    if (player.seat) c.seating.reconcileDriver(player.seat, player.id);
  }

  /** The machines a connection may see: all for the instructor, its own node's for a kubelet team. */
  private syncMachineViews(connection: Connection): void {
    const state = this.classroom.state;
    const wanted = new Set<string>();
    if (connection.identity.role === "instructor") {
      for (const name of state.nodes.keys()) wanted.add(name);
    } else {
      const seat = this.classroom.roster.get(connection.identity.playerId)?.seat;
      if (seat?.startsWith("kubelet:")) wanted.add(seat.slice("kubelet:".length));
    }
    for (const name of connection.machines) {
      const node = state.nodes.get(name);
      if (!wanted.has(name) || !node) {
        if (node) connection.view.remove(node, MACHINE_VIEW);
        connection.machines.delete(name);
      }
    }
    for (const name of wanted) {
      const node = state.nodes.get(name);
      if (node && !connection.machines.has(name)) {
        connection.view.add(node, MACHINE_VIEW);
        connection.machines.add(name);
      }
    }
  }
}
