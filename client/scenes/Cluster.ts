import * as Phaser from "phaser";
import type { PodView, SeatView } from "../../shared/protocol/state.ts";
import { anchorOf, drawPull } from "../board/anchors.ts";
import { BoardModel } from "../board/BoardModel.ts";
import { CanvasCard } from "../board/CanvasCard.ts";
import { mastersOf } from "../board/drawControlPlane.ts";
import { autoscalerLines, hasAutoscaler } from "../board/drawScaling.ts";
import { FlowLayer } from "../board/FlowLayer.ts";
import type { Endpoint, FlowSpec } from "../board/flows.ts";
import { type BoardGuidance, shows } from "../board/guidance.ts";
import {
  AUTOSCALER_LINES,
  type BoardLayout,
  center,
  computeLayout,
  fitZoom,
  inside,
  layoutCards,
  NARROW_BELOW,
  nodeParts,
  type Point,
  type Rect,
  TRAY_CAPACITY,
  trayChip,
} from "../board/layout.ts";
import { type CardId, paintCard } from "../board/paintCard.ts";
import type { BoardCallbacks, BoardSource } from "../board/source.ts";
import { COLORS, hex } from "../board/theme.ts";
import { t } from "../i18n/i18n.ts";
import { DOT_TEXTURE } from "./Boot.ts";

/**
 * The cluster board. Cards (control plane, nodes, registries ...) are canvas textures redrawn only
 * when their signature changes, within a time budget per frame; requests and pulls move on top.
 * Level of detail follows the zoom: far away, nodes show big names and pods as dots.
 */
export interface ClusterData {
  source: BoardSource;
  callbacks: BoardCallbacks;
  dpr: number;
  reducedMotion: boolean;
  onReady?: (scene: Cluster) => void;
}

export interface BoardInspection {
  zoom: number;
  arrangement: string;
  columns: number;
  minTextPx: number;
  /** The interface words the visible cards show (Kubernetes' own words left out). */
  texts: string[];
  /** Cards waiting to be redrawn (0 when what is on screen is up to date). */
  pending: number;
  cards: { id: string; x: number; y: number; w: number; h: number; visible: boolean }[];
  /** The pending pods' chips in the tray. */
  pods: { key: string; x: number; y: number; w: number; h: number }[];
  guidance?: { pod: string; level: string; nodes: Record<string, unknown> } | undefined;
}

const COMPACT_BELOW = 0.55;
const REDRAW_BUDGET_MS = 7;
const READ_EVERY_MS = 250;
const RESOLUTIONS = [0.5, 1, 1.5, 2, 2.5];

export class Cluster extends Phaser.Scene {
  source!: BoardSource;
  callbacks!: BoardCallbacks;
  readonly model = new BoardModel();
  layout!: BoardLayout;
  dpr = 1;
  userZoom = 1;
  /** Fit the whole cluster in view until the user pans or zooms. */
  autoFit = true;
  dropNode = "";
  selectedPod = "";
  /** The board's size on screen, CSS px: the layout is chosen for it. */
  viewport = { w: 800, h: 600 };
  private reducedMotion = false;
  private cards = new Map<CardId, CanvasCard>();
  private queue = new Set<CardId>();
  private flows!: FlowLayer;
  private pullGraphics!: Phaser.GameObjects.Graphics;
  private dirty = true;
  private lastRead = -Infinity;
  private layoutKey = "";
  private readyCallback: ((scene: Cluster) => void) | undefined;
  private trafficCarry = new Map<string, number>();
  private glow!: Phaser.GameObjects.Graphics;
  /** Frame timings for the benchmark: update + render work per frame, ms. */
  readonly frameWork: number[] = [];
  private frameStart = 0;

  constructor() {
    super("Cluster");
  }

  init(data: ClusterData): void {
    this.source = data.source;
    this.callbacks = data.callbacks;
    this.dpr = data.dpr;
    this.reducedMotion = data.reducedMotion;
    this.readyCallback = data.onReady;
  }

  create(): void {
    this.cameras.main.setBackgroundColor(COLORS.background);
    this.pullGraphics = this.add.graphics().setDepth(15);
    this.glow = this.add.graphics().setDepth(9);
    this.flows = new FlowLayer(this, DOT_TEXTURE, this.reducedMotion);
    this.game.events.on(Phaser.Core.Events.PRE_STEP, () => {
      this.frameStart = performance.now();
    });
    this.game.events.on(Phaser.Core.Events.POST_RENDER, () => {
      this.frameWork.push(performance.now() - this.frameStart);
      if (this.frameWork.length > 5000) this.frameWork.splice(0, 2500);
    });
    this.refresh(performance.now());
    this.fit();
    this.readyCallback?.(this);
  }

  /** The state changed: read it at the next frame. */
  invalidate(): void {
    this.dirty = true;
  }

  /** Everything is redrawn (language switch). */
  repaintAll(): void {
    for (const card of this.cards.values()) card.signature = "";
    if (this.layout) this.drawBackdrop();
    this.dirty = true;
  }

  /** A jump in a replay: no flows for the events skipped over. */
  jumped(): void {
    this.model.resetHistory();
    this.flows.clear();
    this.dirty = true;
  }

  override update(time: number): void {
    const now = performance.now();
    if (this.dirty || now - this.lastRead > READ_EVERY_MS) this.refresh(now);
    this.drainQueue(now);
    this.drawPulls(time / 1000);
    this.drawGlow(time / 1000);
    this.spawnTraffic();
    this.flows.update(time / 1000);
  }

  private refresh(now: number): void {
    this.dirty = false;
    this.lastRead = now;
    const view = this.source.view();
    const simNow = this.source.now();
    const flows = this.model.read(view, simNow, true);
    const masters = mastersOf(view.controlPlane);
    const clients = view.services.size > 0;
    const autoscaler = hasAutoscaler(view)
      ? Math.min(AUTOSCALER_LINES, Math.max(1, autoscalerLines(view, simNow).length))
      : 0;
    const vp = this.viewport;
    const key = `${this.model.nodeNames.join(",")}|${masters.length}|${this.model.registries.map((r) => r.name).join(",")}|${clients}|${autoscaler}|${vp.w}x${vp.h}`;
    if (key !== this.layoutKey) {
      this.layoutKey = key;
      this.layout = computeLayout(
        this.model.nodeNames,
        masters.length,
        this.model.registries.map((r) => r.name),
        { viewport: vp, clients, autoscaler },
      );
      this.placeCards();
      if (this.autoFit) this.fit();
    }
    for (const spec of flows) this.spawn(spec);
    for (const id of this.cards.keys()) this.queue.add(id);
  }

  spawn(spec: FlowSpec): void {
    this.flows.spawn(
      spec,
      (e) => this.anchor(e),
      this.time.now / 1000,
      Math.min(4, Math.max(1, this.source.speed() / 2)),
    );
  }

  private placeCards(): void {
    const want = new Map<CardId, Rect>(layoutCards(this.layout) as [CardId, Rect][]);
    for (const [id, card] of this.cards) {
      if (!want.has(id)) {
        card.destroy();
        this.cards.delete(id);
        this.queue.delete(id);
      }
    }
    const res = this.resolution();
    for (const [id, rect] of want) {
      let card = this.cards.get(id);
      if (!card) {
        card = new CanvasCard(this, rect.x, rect.y, rect.w, rect.h, res);
        card.image.setDepth(id.startsWith("node:") ? 10 : 5);
        this.cards.set(id, card);
      } else {
        card.setPosition(rect.x, rect.y);
        card.resize(rect.w, rect.h);
      }
      this.queue.add(id);
    }
    this.drawBackdrop();
  }

  private backdrop?: Phaser.GameObjects.Graphics;
  private labels: Phaser.GameObjects.Text[] = [];

  private drawBackdrop(): void {
    const l = this.layout;
    this.backdrop ??= this.add.graphics().setDepth(0);
    const g = this.backdrop;
    g.clear();
    // the cluster boundary around the control plane and the workers, as in the seed diagram
    const c = l.cluster;
    const k = l.leftScale;
    g.lineStyle(2, hex(COLORS.k8s), 0.5);
    g.fillStyle(0xffffff, 0.35);
    g.fillRoundedRect(c.x, c.y, c.w, c.h, 18);
    g.strokeRoundedRect(c.x, c.y, c.w, c.h, 18);
    for (const label of this.labels) label.destroy();
    this.labels = [
      this.add
        .text(c.x + 14, c.y + 4 * k, t("board.cluster"), {
          fontFamily: "system-ui, sans-serif",
          fontSize: `${Math.round(18 * k)}px`,
          color: COLORS.k8sDark,
          fontStyle: "bold",
        })
        .setDepth(1)
        .setResolution(2),
    ];
  }

  /** Texture resolution for the current zoom: sharp close up, light far away. */
  resolution(): number {
    const wanted = this.userZoom * this.dpr;
    return RESOLUTIONS.find((r) => r >= wanted) ?? (RESOLUTIONS[RESOLUTIONS.length - 1] as number);
  }

  compact(): boolean {
    return this.userZoom < COMPACT_BELOW;
  }

  /** Redraws queued cards, visible ones first, within the frame's budget. */
  private drainQueue(now: number): void {
    if (this.queue.size === 0) return;
    const view = this.cameras.main.worldView;
    const visible: CardId[] = [];
    const hidden: CardId[] = [];
    const onScreenIds = new Set<CardId>();
    for (const id of this.queue) {
      const card = this.cards.get(id);
      if (!card) {
        this.queue.delete(id);
        continue;
      }
      const r = card.image;
      const onScreen =
        r.x < view.right && r.x + card.width > view.x && r.y < view.bottom && r.y + card.height > view.y;
      (onScreen ? visible : hidden).push(id);
      if (onScreen) onScreenIds.add(id);
    }
    const res = this.resolution();
    for (const id of [...visible, ...hidden]) {
      if (performance.now() - now > REDRAW_BUDGET_MS) break;
      this.queue.delete(id);
      const card = this.cards.get(id);
      if (!card) continue;
      // off-screen cards keep a low resolution: they are redrawn when they come into view
      const target = visible.includes(id) ? res : Math.min(res, 1);
      if (card.scale !== target && (visible.includes(id) || card.scale > target))
        card.resize(card.width, card.height, target);
      this.drawCard(id, card);
    }
  }

  driverLabel(seat: SeatView | undefined): string {
    if (!seat) return t("board.bot");
    if (seat.driver === "human" && seat.holders.length > 0) {
      const names: string[] = [];
      seat.holders.forEach((id) => {
        const p = this.source.view().players.get(id);
        if (p) names.push(p.nickname);
      });
      return names.join(", ") || t("board.human");
    }
    return t("board.bot");
  }

  private drawCard(id: CardId, card: CanvasCard): void {
    paintCard(id, card, {
      view: this.source.view(),
      now: this.source.now(),
      mine: this.source.mine(),
      compact: this.compact(),
      canPlace: this.source.canPlace(),
      layout: this.layout,
      model: this.model,
      dropNode: this.dropNode,
      selectedPod: this.selectedPod,
      guidance: this.guidance(),
      driverLabel: (seat) => this.driverLabel(seat),
    });
  }

  /** World position of a flow endpoint. */
  anchor(e: Endpoint): Point | undefined {
    return this.layout ? anchorOf(e, this.layout, this.source.view(), this.model) : undefined;
  }

  private drawPulls(seconds: number): void {
    const g = this.pullGraphics;
    g.clear();
    const l = this.layout;
    for (const pull of this.model.pulls) {
      const reg = l.registry.get(pull.registry);
      const node = l.nodes.get(pull.node);
      if (!reg || !node) continue;
      const from = { x: reg.x + reg.w / 2, y: reg.y };
      const to = center(nodeParts(node).runtime);
      drawPull(g, from, to, pull, this.reducedMotion ? 0 : seconds);
    }
  }

  /** Service requests: clients -> a node's kube-proxy -> a backend pod; red when they fail. */
  private spawnTraffic(): void {
    const view = this.source.view();
    if (!view.traffic || this.reducedMotion) return;
    const proxies = view.proxies;
    view.traffic.forEach((tr) => {
      if (tr.rps <= 0) return;
      const perSecond = Math.min(6, Math.log2(1 + tr.rps));
      const carry =
        (this.trafficCarry.get(tr.key) ?? 0) + (perSecond * Math.min(100, this.game.loop.delta)) / 1000;
      let spawns = Math.floor(carry);
      this.trafficCarry.set(tr.key, carry - spawns);
      while (spawns-- > 0) {
        const nodes = this.model.nodeNames.filter((n) => this.model.nodes.get(n)?.node.ready === "Ready");
        const node = nodes[Math.floor(Math.random() * nodes.length)];
        if (!node) return;
        const failed = Math.random() > tr.successRate;
        // the node's rules where this screen has them (its own kube-proxy, the instructor), else the
        // Service's ready endpoints (what fresh rules hold)
        const backends: string[] = [];
        const rule = proxies?.get(node)?.rules?.get(tr.key);
        (rule ? rule.backends : view.services.get(tr.key)?.addresses)?.forEach((b) => {
          backends.push(b);
        });
        const backend = backends[Math.floor(Math.random() * backends.length)];
        const pod = backend ? this.podByBackend(backend) : undefined;
        const path: Endpoint[] = [{ kind: "clients" }, { kind: "proxy", node }];
        if (pod && !failed) path.push({ kind: "pod", key: pod.key });
        this.spawn({ path, delay: 0, tone: failed ? "failed" : "traffic" });
      }
    });
  }

  private podByBackend(backend: string): PodView | undefined {
    let found: PodView | undefined;
    this.source.view().pods.forEach((p) => {
      if (!found && (p.ip === backend || p.key === backend || p.name === backend)) found = p;
    });
    return found;
  }

  // --- camera -------------------------------------------------------------------------------------

  setUserZoom(zoom: number, focus?: Point): void {
    const cam = this.cameras.main;
    const clamped = Math.max(0.08, Math.min(3, zoom));
    const before = focus ? cam.getWorldPoint(focus.x, focus.y) : undefined;
    const lodBefore = this.compact();
    const resBefore = this.resolution();
    this.userZoom = clamped;
    cam.setZoom(clamped * this.dpr);
    if (focus && before) {
      cam.preRender();
      const after = cam.getWorldPoint(focus.x, focus.y);
      cam.scrollX += before.x - after.x;
      cam.scrollY += before.y - after.y;
    }
    if (lodBefore !== this.compact() || resBefore !== this.resolution()) {
      for (const id of this.cards.keys()) this.queue.add(id);
    }
  }

  panBy(dx: number, dy: number): void {
    const cam = this.cameras.main;
    cam.scrollX -= dx / cam.zoom;
    cam.scrollY -= dy / cam.zoom;
    this.queueVisible();
  }

  private queueVisible(): void {
    for (const id of this.cards.keys()) this.queue.add(id);
  }

  fit(): void {
    if (!this.layout) return;
    const cam = this.cameras.main;
    const w = this.scale.width / this.dpr;
    const h = this.scale.height / this.dpr;
    const world = this.layout.world;
    const zoom = fitZoom(world, { w, h }) * 0.995;
    this.setUserZoom(zoom);
    // a phone shows the cluster at reading size from its top, and scrolls down
    if (w < NARROW_BELOW && world.h * zoom > h) cam.centerOn(world.x + world.w / 2, world.y + h / zoom / 2);
    else cam.centerOn(world.x + world.w / 2, world.y + world.h / 2);
    this.queueVisible();
  }

  /** The board's size on screen changed: the layout may pick another arrangement for it. */
  setViewport(w: number, h: number): void {
    const next = { w: Math.round(w), h: Math.round(h) };
    if (next.w === this.viewport.w && next.h === this.viewport.h) return;
    this.viewport = next;
    this.dirty = true;
  }

  /** The filters' verdicts for the pod selected or dragged, as the help level allows. */
  guidance(): BoardGuidance | undefined {
    if (!this.selectedPod || !this.source.canPlace()) return undefined;
    return this.source.guidance?.(this.selectedPod);
  }

  /** A soft halo around the Nodes where the pod being placed fits (full help only). */
  private drawGlow(seconds: number): void {
    const g = this.glow;
    g.clear();
    const guidance = this.guidance();
    if (!guidance || !shows(guidance.level).glow) return;
    const pulse = this.reducedMotion ? 1 : 0.75 + 0.25 * Math.sin(seconds * 3);
    for (const [name, v] of guidance.nodes) {
      if (!v.feasible) continue;
      const r = this.layout.nodes.get(name);
      if (!r) continue;
      for (let i = 1; i <= 4; i++) {
        g.lineStyle(6, hex(COLORS.ok), (0.28 * pulse) / i);
        g.strokeRoundedRect(r.x - i * 5, r.y - i * 5, r.w + i * 10, r.h + i * 10, 12 + i * 5);
      }
    }
  }

  /**
   * What tests read: every card's rectangle on screen (CSS px from the board's top left), the zoom,
   * and the smallest text the visible cards were drawn with, on screen.
   */
  inspect(): BoardInspection {
    const cam = this.cameras.main;
    const z = cam.zoom / this.dpr;
    const view = cam.worldView;
    const cards: BoardInspection["cards"] = [];
    let minText = Number.POSITIVE_INFINITY;
    const texts = new Set<string>();
    for (const [id, r] of layoutCards(this.layout)) {
      const screen = {
        x: (r.x - view.x) * z,
        y: (r.y - view.y) * z,
        w: r.w * z,
        h: r.h * z,
      };
      const card = this.cards.get(id as CardId);
      const visible = r.x < view.right && r.x + r.w > view.x && r.y < view.bottom && r.y + r.h > view.y;
      if (visible && card) {
        minText = Math.min(minText, card.minText * this.userZoom);
        for (const text of card.texts) texts.add(text);
      }
      cards.push({ id, ...screen, visible });
    }
    const pods: BoardInspection["pods"] = [];
    const pending = this.model.pending;
    const shown = pending.length > TRAY_CAPACITY ? TRAY_CAPACITY - 1 : pending.length;
    for (let i = 0; i < shown; i++) {
      const r = trayChip(this.layout.pending, i, this.layout.leftScale);
      pods.push({
        key: (pending[i] as PodView).key,
        x: (r.x - view.x) * z,
        y: (r.y - view.y) * z,
        w: r.w * z,
        h: r.h * z,
      });
    }
    const guidance = this.guidance();
    return {
      zoom: this.userZoom,
      pods,
      arrangement: this.layout.arrangement,
      columns: this.layout.columns,
      minTextPx: minText,
      texts: [...texts],
      pending: this.queue.size,
      cards,
      guidance: guidance
        ? {
            pod: guidance.pod,
            level: guidance.level,
            nodes: Object.fromEntries(guidance.nodes),
          }
        : undefined,
    };
  }

  /** Centers a node (or the control plane) and zooms in to read it. */
  focusNode(name: string): void {
    const r = this.layout.nodes.get(name);
    if (!r) return;
    this.autoFit = false;
    this.setUserZoom(Math.max(this.userZoom, 1.1));
    this.cameras.main.centerOn(r.x + r.w / 2, r.y + r.h / 2);
    this.queueVisible();
  }

  worldAt(gameX: number, gameY: number): Point {
    const p = this.cameras.main.getWorldPoint(gameX, gameY);
    return { x: p.x, y: p.y };
  }

  /** What is under a world point: a node, or a pending pod in the tray. */
  hit(p: Point): { kind: "node"; name: string } | { kind: "pod"; key: string } | undefined {
    for (const [name, r] of this.layout.nodes)
      if (inside(r, p) && this.model.nodes.has(name)) return { kind: "node", name };
    if (inside(this.layout.pending, p)) {
      const pods = this.model.pending;
      const shown = pods.length > TRAY_CAPACITY ? TRAY_CAPACITY - 1 : pods.length;
      for (let i = 0; i < shown; i++) {
        if (inside(trayChip(this.layout.pending, i, this.layout.leftScale), p))
          return { kind: "pod", key: (pods[i] as PodView).key };
      }
    }
    return undefined;
  }

  setDropNode(name: string): void {
    if (name === this.dropNode) return;
    const previous = this.dropNode;
    this.dropNode = name;
    if (previous) this.queue.add(`node:${previous}`);
    if (name) this.queue.add(`node:${name}`);
  }

  setSelectedPod(key: string): void {
    if (key === this.selectedPod) return;
    this.selectedPod = key;
    this.queue.add("tray");
    this.queueVisible();
  }

  /** New verdicts arrived (or the help level changed): repaint the nodes. */
  guidanceChanged(): void {
    this.queueVisible();
  }
}
