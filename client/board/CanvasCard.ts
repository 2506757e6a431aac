import type * as Phaser from "phaser";
import { type Ctx, drawnTexts, smallestText, startTextLog } from "./canvas.ts";

/**
 * A piece of the board drawn with the 2D canvas API into its own texture and shown as one Image:
 * redrawn only when what it shows changes, at a resolution that follows the zoom (crisp text close up,
 * little memory far away).
 */
let serial = 0;

export class CanvasCard {
  readonly image: Phaser.GameObjects.Image;
  private readonly scene: Phaser.Scene;
  private readonly key: string;
  private readonly texture: Phaser.Textures.CanvasTexture;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: Ctx;
  private w: number;
  private h: number;
  private resolution: number;
  /** Last content drawn (a signature): an unchanged signature skips the redraw. */
  signature = "";
  /** The smallest text of the last drawing, in world units (Infinity when it has none). */
  minText = Number.POSITIVE_INFINITY;
  /** The interface words of the last drawing (what the crawl test reads). */
  texts: string[] = [];

  constructor(scene: Phaser.Scene, x: number, y: number, w: number, h: number, resolution = 1) {
    this.scene = scene;
    this.key = `card-${++serial}`;
    this.w = w;
    this.h = h;
    this.resolution = resolution;
    this.canvas = document.createElement("canvas");
    this.canvas.width = Math.ceil(w * resolution);
    this.canvas.height = Math.ceil(h * resolution);
    const ctx = this.canvas.getContext("2d");
    if (!ctx) throw new Error("no 2D canvas");
    this.ctx = ctx;
    const texture = scene.textures.addCanvas(this.key, this.canvas);
    if (!texture) throw new Error(`texture ${this.key} exists`);
    this.texture = texture;
    this.image = scene.add.image(x, y, this.key).setOrigin(0, 0);
    this.image.setDisplaySize(w, h);
  }

  get width(): number {
    return this.w;
  }

  get height(): number {
    return this.h;
  }

  get scale(): number {
    return this.resolution;
  }

  setPosition(x: number, y: number): void {
    if (this.image.x !== x || this.image.y !== y) this.image.setPosition(x, y);
  }

  /** Changes the size or the resolution; the next draw repaints. Returns whether anything changed. */
  resize(w: number, h: number, resolution = this.resolution): boolean {
    if (w === this.w && h === this.h && resolution === this.resolution) return false;
    this.w = w;
    this.h = h;
    this.resolution = resolution;
    this.texture.setSize(Math.ceil(w * resolution), Math.ceil(h * resolution));
    this.image.setTexture(this.key);
    this.image.setDisplaySize(w, h);
    this.signature = "";
    return true;
  }

  /**
   * Draws in world units (the context is scaled to the texture's resolution), or in units `content`
   * times larger than the world's for a card enlarged as a whole.
   */
  draw(paint: (ctx: Ctx) => void, content = 1): void {
    const ctx = this.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const k = this.resolution * content;
    ctx.setTransform(k, 0, 0, k, 0, 0);
    startTextLog(content);
    paint(ctx);
    this.minText = smallestText();
    this.texts = drawnTexts();
    this.texture.refresh();
  }

  setVisible(visible: boolean): void {
    if (this.image.visible !== visible) this.image.setVisible(visible);
  }

  destroy(): void {
    this.image.destroy();
    this.scene.textures.remove(this.key);
  }
}
