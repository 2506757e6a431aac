import * as Phaser from "phaser";

/**
 * Makes the few textures the board needs (no files to load): the dot of a moving request, one per
 * colour (the Canvas renderer cannot tint).
 */
export const DOT_TEXTURE = "flow-dot";

export const DOT_COLORS: Record<string, number> = {
  normal: 0x326ce5,
  warning: 0xb45309,
  heartbeat: 0x16a34a,
  pull: 0x0e7490,
  traffic: 0x7c3aed,
  failed: 0xdc2626,
};

export class Boot extends Phaser.Scene {
  constructor() {
    super("Boot");
  }

  create(data: object): void {
    for (const [tone, color] of Object.entries(DOT_COLORS)) {
      const g = this.add.graphics();
      g.fillStyle(0xffffff, 0.9);
      g.fillCircle(8, 8, 8);
      g.fillStyle(color, 1);
      g.fillCircle(8, 8, 6);
      g.generateTexture(`${DOT_TEXTURE}-${tone}`, 16, 16);
      g.destroy();
    }
    this.scene.start("Cluster", data);
  }
}
