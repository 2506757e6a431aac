import { type Ref, StateView } from "@colyseus/schema";
import { CloseCodes } from "../../shared/protocol/replies.ts";
import { nodeOf, roleOf } from "../../shared/sim/model/seat.ts";
import type { WallClock } from "../clock.ts";
import type { ClassroomState } from "../state/ClassroomState.ts";
import { INSTRUCTOR_VIEW } from "../state/classroom.ts";
import { MACHINE_VIEW, WORKLOAD_VIEW } from "../state/cluster.ts";
import { PROXY_VIEW } from "../state/controlplane.ts";
import type { ClassroomHost, Identity } from "./ports.ts";
import type { Player, Roster } from "./Roster.ts";

export type PresenceChange = "connected" | "dropped" | "reconnected" | "left";

export interface ConnectionsPorts {
  /** The synced state each view is cut from (the instructor panel and the machines are tagged). */
  state: ClassroomState;
  roster: Pick<Roster, "get">;
  host: Pick<ClassroomHost, "send" | "close" | "cancelReconnection" | "setView">;
  /** A player's presence changed: their seat's driver may change, the lobby shows it. */
  presenceChanged(player: Player, change: PresenceChange): void;
  /** The nodes whose machine a player's view shows (their kubelet panels) are now these. */
  kubeletPanelsChanged(nodes: ReadonlySet<string>): void;
  clock: WallClock;
}

interface Connection {
  sessionId: string;
  identity: Identity;
  /**
   * Made the first time the connection may see a tagged field: until then its patches are the shared
   * patch itself, encoded once for every such connection (each view costs the room an encoding of the
   * patch per connection, every patch). Kept once made, so what it stops seeing is taken off its screen.
   */
  view: StateView | undefined;
  /** Kicked, replaced or ended: ignored until the transport reports it gone. */
  closed: boolean;
  /** Nodes whose machine this view shows. */
  machines: Set<string>;
  /** Nodes whose kube-proxy rules this view shows. */
  proxies: Set<string>;
  /** Workloads whose status this view shows. */
  workloads: Set<string>;
}

/**
 * The open WebSockets of a session (by Colyseus session id), who each one speaks for, and what each may
 * see: every view gets the shared state; the instructor's adds the instructor panel, every machine,
 * every node's kube-proxy rules and the workloads' status counts; a kubelet team's adds its own node's
 * machine, a kube-proxy team's its own node's rules, the controller manager's the workloads' counts. A player's presence (connected, dropped, back) drives
 * their seat's driver, so the bot covers while they are away.
 */
export class Connections {
  private readonly ports: ConnectionsPorts;
  private readonly open = new Map<string, Connection>();
  private lastActivity: number;
  /** The nodes of the kubelet panels open (players' views showing a machine), as last reported. */
  private kubeletPanels = new Set<string>();

  constructor(ports: ConnectionsPorts) {
    this.ports = ports;
    this.lastActivity = ports.clock.now();
  }

  get size(): number {
    return this.open.size;
  }

  has(sessionId: string): boolean {
    return this.open.has(sessionId);
  }

  /** A connection joined: the view its patches are cut through, if it may see more than the shared state. */
  connect(sessionId: string, identity: Identity): StateView | undefined {
    const { state, host, roster, clock } = this.ports;
    this.lastActivity = clock.now();
    const connection: Connection = {
      sessionId,
      identity,
      view: undefined,
      closed: false,
      machines: new Set(),
      proxies: new Set(),
      workloads: new Set(),
    };
    this.open.set(sessionId, connection);
    if (identity.role === "instructor") {
      viewOf(connection).add(state, INSTRUCTOR_VIEW);
      this.syncMachineViews(connection, false);
      host.send(sessionId, "welcome", { role: "instructor" });
      return connection.view;
    }
    const player = roster.get(identity.playerId);
    if (!player) return undefined;
    const previous = player.sessionId;
    if (previous && previous !== sessionId) this.replace(previous);
    player.sessionId = sessionId;
    player.connected = true;
    this.syncMachineViews(connection, false);
    this.presenceChanged(player, "connected");
    this.welcome(sessionId, player);
    return connection.view;
  }

  /** The connection dropped without saying goodbye: the seat's bot covers until it comes back. */
  dropped(sessionId: string): void {
    const player = this.playerOf(sessionId);
    if (player && player.sessionId === sessionId) {
      player.connected = false;
      player.leftAt = this.ports.clock.now();
      this.presenceChanged(player, "dropped");
    }
  }

  /** A dropped connection is back: the view its patches are cut through, if it has one. */
  reconnected(sessionId: string): StateView | undefined {
    this.lastActivity = this.ports.clock.now();
    const player = this.playerOf(sessionId);
    if (player && player.sessionId === sessionId) {
      player.connected = true;
      this.presenceChanged(player, "reconnected");
      this.welcome(sessionId, player);
    }
    return this.open.get(sessionId)?.view;
  }

  /** The transport is done with this connection (left, or never came back). */
  disconnected(sessionId: string): void {
    const connection = this.open.get(sessionId);
    this.open.delete(sessionId);
    connection?.view?.dispose();
    if (connection?.machines.size) this.reportKubeletPanels();
    const identity = connection?.identity;
    const player = identity?.role === "student" ? this.ports.roster.get(identity.playerId) : undefined;
    if (player && player.sessionId === sessionId) {
      player.sessionId = undefined;
      player.leftAt = this.ports.clock.now();
      if (player.connected) {
        player.connected = false;
        this.presenceChanged(player, "left");
      }
    }
    // idleness counts from when the last connection went, not from when it came
    this.lastActivity = this.ports.clock.now();
  }

  /** Who a live connection speaks for (undefined once it is closed). */
  identityOf(sessionId: string): Identity | undefined {
    const connection = this.open.get(sessionId);
    return connection && !connection.closed ? connection.identity : undefined;
  }

  playerOf(sessionId: string): Player | undefined {
    const identity = this.identityOf(sessionId);
    return identity?.role === "student" ? this.ports.roster.get(identity.playerId) : undefined;
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
    const host = this.ports.host;
    this.close(sessionId);
    host.cancelReconnection(sessionId);
    host.close(sessionId, CloseCodes.REPLACED, "openedElsewhere");
  }

  private welcome(sessionId: string, player: Player): void {
    this.ports.host.send(sessionId, "welcome", {
      role: "student",
      playerId: player.id,
      nickname: player.nickname,
      ...(player.seat ? { seat: player.seat } : {}),
    });
  }

  private presenceChanged(player: Player, change: PresenceChange): void {
    this.ports.presenceChanged(player, change);
  }

  /**
   * The machines and kube-proxy rules a connection may see: all for the instructor, its own node's for a
   * kubelet team (the machine) or a kube-proxy team (the rules).
   */
  private syncMachineViews(connection: Connection, attach = true): void {
    const state = this.ports.state;
    const hadView = connection.view !== undefined;
    const identity = connection.identity;
    const instructor = identity.role === "instructor";
    const seat = identity.role === "instructor" ? undefined : this.ports.roster.get(identity.playerId)?.seat;
    const own = (role: string) => (seat && roleOf(seat) === role ? nodeOf(seat) : undefined);
    const view = () => viewOf(connection);
    const machines = connection.machines.size;
    syncTagged(view, connection.machines, state.nodes, MACHINE_VIEW, instructor, own("kubelet"));
    if (!instructor && (machines > 0 || connection.machines.size > 0)) this.reportKubeletPanels();
    syncTagged(view, connection.proxies, state.proxies, PROXY_VIEW, instructor, own("kube-proxy"));
    const controllers = instructor || seat === "controller-manager";
    syncTagged(view, connection.workloads, state.workloads, WORKLOAD_VIEW, controllers, undefined);
    if (attach && !hadView && connection.view) this.ports.host.setView(connection.sessionId, connection.view);
  }

  /** The instructor's board draws machines without their kubelet's side: players' panels only count. */
  private reportKubeletPanels(): void {
    const nodes = new Set<string>();
    for (const c of this.open.values())
      if (c.identity.role !== "instructor") for (const node of c.machines) nodes.add(node);
    if (nodes.size === this.kubeletPanels.size && [...nodes].every((n) => this.kubeletPanels.has(n))) return;
    this.kubeletPanels = nodes;
    this.ports.kubeletPanelsChanged(nodes);
  }
}

function viewOf(connection: Connection): StateView {
  connection.view ??= new StateView();
  return connection.view;
}

/** Keeps the entries of `map` a view shows with `tag` to all of them, or to the one named `node`. */
function syncTagged(
  view: () => StateView,
  shown: Set<string>,
  map: { keys(): Iterable<string>; get(key: string): Ref | undefined },
  tag: number,
  all: boolean,
  node: string | undefined,
): void {
  const wanted = new Set<string>(all ? map.keys() : node ? [node] : []);
  for (const name of shown) {
    const entry = map.get(name);
    if (!wanted.has(name) || !entry) {
      if (entry) view().remove(entry, tag);
      shown.delete(name);
    }
  }
  for (const name of wanted) {
    const entry = map.get(name);
    if (entry && !shown.has(name)) {
      view().add(entry, tag);
      shown.add(name);
    }
  }
}
