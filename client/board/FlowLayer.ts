import type * as Phaser from "phaser";
import type { Endpoint, FlowSpec, FlowTone } from "./flows.ts";
import type { Point } from "./layout.ts";
import { COLORS, hex } from "./theme.ts";

/**
 * Requests moving between components: a dot travels each path (component -> API server -> etcd ...)
 * leaving a fading trail. Dots are pooled images and flows live in a fixed-size ring, so a busy cluster
 * allocates nothing per frame; beyond MAX_FLOWS the oldest are dropped. With reduced motion the path
 * flashes instead of a dot travelling.
 */
const MAX_FLOWS = 240;
const SPEED = 1100; // world units per second
const MIN_LEG_SECONDS = 0.25;

const TONE_COLOR: Record<FlowTone, number> = {
  normal: hex(COLORS.flow),
  warning: hex(COLORS.warn),
  heartbeat: hex("#16a34a"),
  pull: hex(COLORS.pull),
  traffic: hex("#7c3aed"),
  failed: hex(COLORS.flowBad),
};

interface Flow {
  active: boolean;
  points: Point[];
  lengths: number[];
  total: number;
  start: number;
  duration: number;
  tone: FlowTone;
  dot: Phaser.GameObjects.Image;
}

export type Resolve = (endpoint: Endpoint) => Point | undefined;

export class FlowLayer {
  private readonly graphics: Phaser.GameObjects.Graphics;
  private readonly flows: Flow[] = [];
  private next = 0;
  private readonly reducedMotion: boolean;
  private activeCount = 0;

  private readonly dotTexture: string;

  constructor(scene: Phaser.Scene, dotTexture: string, reducedMotion: boolean) {
    this.reducedMotion = reducedMotion;
    this.dotTexture = dotTexture;
    this.graphics = scene.add.graphics().setDepth(20);
    for (let i = 0; i < MAX_FLOWS; i++) {
      const dot = scene.add.image(0, 0, `${dotTexture}-normal`).setDepth(21).setVisible(false);
      this.flows.push({
        active: false,
        points: [],
        lengths: [],
        total: 0,
        start: 0,
        duration: 0,
        tone: "normal",
        dot,
      });
    }
  }

  get active(): number {
    return this.activeCount;
  }

  spawn(spec: FlowSpec, resolve: Resolve, now: number, speedUp = 1): void {
    const flow = this.flows[this.next] as Flow;
    this.next = (this.next + 1) % MAX_FLOWS;
    const points = flow.points;
    points.length = 0;
    for (const endpoint of spec.path) {
      const p = resolve(endpoint);
      if (p) points.push(p);
    }
    if (points.length < 2) {
      if (flow.active) this.stop(flow);
      return;
    }
    flow.lengths.length = 0;
    let total = 0;
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1] as Point;
      const b = points[i] as Point;
      const d = Math.hypot(b.x - a.x, b.y - a.y);
      flow.lengths.push(d);
      total += d;
    }
    flow.total = total;
    flow.duration = Math.max(MIN_LEG_SECONDS * (points.length - 1), total / SPEED) / Math.max(1, speedUp);
    flow.start = now + spec.delay / Math.max(1, speedUp);
    flow.tone = spec.tone;
    if (!flow.active) this.activeCount++;
    flow.active = true;
    flow.dot.setTexture(`${this.dotTexture}-${spec.tone}`);
    flow.dot.setScale(spec.tone === "heartbeat" ? 0.6 : spec.tone === "traffic" ? 0.55 : 1);
  }

  private stop(flow: Flow): void {
    flow.active = false;
    flow.dot.setVisible(false);
    this.activeCount--;
  }

  /** Advances every flow to `now` (seconds) and redraws the trails. */
  update(now: number): void {
    const g = this.graphics;
    g.clear();
    if (this.activeCount === 0) return;
    // a busy cluster: fainter trails, so the cards stay readable under them
    const busy = Math.min(1, Math.sqrt(24 / this.activeCount));
    for (const flow of this.flows) {
      if (!flow.active) continue;
      const t = (now - flow.start) / flow.duration;
      if (t < 0) {
        flow.dot.setVisible(false);
        continue;
      }
      if (t >= 1.35) {
        this.stop(flow);
        continue;
      }
      const color = TONE_COLOR[flow.tone];
      const travelled = Math.min(1, t) * flow.total;
      const fade = t > 1 ? 1 - (t - 1) / 0.35 : 1;
      const thin = flow.tone === "heartbeat" || flow.tone === "traffic";
      g.lineStyle(thin ? 2 : 3, color, (this.reducedMotion ? 0.75 : 0.35) * fade * busy);
      g.beginPath();
      const first = flow.points[0] as Point;
      g.moveTo(first.x, first.y);
      let remaining = this.reducedMotion ? flow.total : travelled;
      let x = first.x;
      let y = first.y;
      for (let i = 1; i < flow.points.length && remaining > 0; i++) {
        const a = flow.points[i - 1] as Point;
        const b = flow.points[i] as Point;
        const len = flow.lengths[i - 1] as number;
        const part = Math.min(1, remaining / len);
        x = a.x + (b.x - a.x) * part;
        y = a.y + (b.y - a.y) * part;
        g.lineTo(x, y);
        remaining -= len;
      }
      g.strokePath();
      if (this.reducedMotion) {
        flow.dot.setVisible(false);
      } else {
        flow.dot.setVisible(t <= 1);
        flow.dot.setPosition(x, y);
      }
    }
  }

  clear(): void {
    for (const flow of this.flows) if (flow.active) this.stop(flow);
    this.graphics.clear();
  }
}
