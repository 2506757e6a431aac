/**
 * Where everything sits on the board, in world units, as the seed document draws the cluster: the
 * control plane on the left (with the kubectl user above it, the pending Pods and the Service clients
 * below), the worker nodes in a grid on the right, the container registries and resource providers
 * under the workers. Pure functions of counts and names, so positions are stable between patches.
 */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}

export const MARGIN = 48;
export const NODE_W = 300;
export const NODE_H = 240;
export const NODE_GAP = 28;
export const MASTER_W = 196;
export const MASTER_H = 238;
export const MASTER_GAP = 12;
export const CP_HEADER = 40;
export const CP_FOOTER = 36;
export const COLUMN_GAP = 140;
export const REGISTRY_W = 176;
export const REGISTRY_H = 92;
export const MASTER_ROWS = ["apiserver", "controller-manager", "scheduler", "etcd"] as const;
export type MasterRow = (typeof MASTER_ROWS)[number];

export interface BoardLayout {
  world: Rect;
  /**
   * How much the left column (user, control plane, pending pods, clients) is enlarged to stay
   * readable beside a large grid of nodes: its cards are drawn at this scale.
   */
  leftScale: number;
  user: Rect;
  controlPlane: Rect;
  masters: Rect[];
  pending: Rect;
  clients: Rect;
  nodes: Map<string, Rect>;
  registries: Rect;
  registry: Map<string, Rect>;
}

export function inside(r: Rect, p: Point, pad = 0): boolean {
  return p.x >= r.x - pad && p.x <= r.x + r.w + pad && p.y >= r.y - pad && p.y <= r.y + r.h + pad;
}

export function center(r: Rect): Point {
  return { x: r.x + r.w / 2, y: r.y + r.h / 2 };
}

/** Columns of the node grid: wide enough to keep the board about 16:10. */
export function nodeColumns(count: number): number {
  if (count <= 2) return Math.max(1, count);
  if (count <= 4) return 2;
  if (count <= 6) return 3;
  return Math.min(16, Math.ceil(Math.sqrt(count * 1.6)));
}

export function mastersPerRow(count: number): number {
  return Math.min(Math.max(1, count), 3);
}

export function computeLayout(
  nodeNames: readonly string[],
  masterCount: number,
  registryNames: readonly string[],
): BoardLayout {
  const perRow = mastersPerRow(masterCount);
  const masterRows = Math.ceil(Math.max(1, masterCount) / perRow);
  const cpW = perRow * MASTER_W + (perRow - 1) * MASTER_GAP + 32;
  const cpH = CP_HEADER + masterRows * MASTER_H + (masterRows - 1) * MASTER_GAP + CP_FOOTER + 16;
  const leftW = Math.max(cpW, 340);
  // masters share the control plane's width
  const masterW = (leftW - 32 - (perRow - 1) * MASTER_GAP) / perRow;
  const user: Rect = { x: MARGIN, y: MARGIN, w: leftW, h: 96 };
  const controlPlane: Rect = { x: MARGIN, y: user.y + user.h + 56, w: leftW, h: cpH };
  const masters: Rect[] = [];
  for (let i = 0; i < Math.max(1, masterCount); i++) {
    const row = Math.floor(i / perRow);
    const col = i % perRow;
    masters.push({
      x: controlPlane.x + 16 + col * (masterW + MASTER_GAP),
      y: controlPlane.y + CP_HEADER + row * (MASTER_H + MASTER_GAP),
      w: masterW,
      h: MASTER_H,
    });
  }
  const pending: Rect = { x: MARGIN, y: controlPlane.y + controlPlane.h + 40, w: leftW, h: 232 };
  const clients: Rect = { x: MARGIN, y: pending.y + pending.h + 40, w: leftW, h: 96 };

  const cols = nodeColumns(nodeNames.length);
  const gridRows = Math.max(1, Math.ceil(nodeNames.length / Math.max(1, cols)));
  const leftHeight = clients.y + clients.h - MARGIN;
  const leftScale = Math.max(1, Math.min(3, (gridRows * (NODE_H + NODE_GAP)) / leftHeight));
  const grow = (r: Rect): Rect => ({
    x: MARGIN + (r.x - MARGIN) * leftScale,
    y: MARGIN + (r.y - MARGIN) * leftScale,
    w: r.w * leftScale,
    h: r.h * leftScale,
  });
  for (const r of [user, controlPlane, pending, clients, ...masters]) Object.assign(r, grow(r));
  const gridX = MARGIN + leftW * leftScale + COLUMN_GAP;
  // the workers start level with the control plane: the kubectl user stays outside the cluster
  const gridY = controlPlane.y;
  const nodes = new Map<string, Rect>();
  nodeNames.forEach((name, i) => {
    const col = i % cols;
    const row = Math.floor(i / cols);
    nodes.set(name, {
      x: gridX + col * (NODE_W + NODE_GAP),
      y: gridY + row * (NODE_H + NODE_GAP),
      w: NODE_W,
      h: NODE_H,
    });
  });
  const rows = Math.max(1, Math.ceil(nodeNames.length / cols));
  const gridW = Math.max(1, cols) * (NODE_W + NODE_GAP) - NODE_GAP;
  const gridBottom = Math.max(
    gridY + rows * (NODE_H + NODE_GAP) - NODE_GAP,
    clients.y + clients.h - REGISTRY_H - 140,
  );

  // the registries row grows with the left column, to stay readable from afar
  const k = leftScale;
  const regCount = Math.max(1, registryNames.length);
  const regRowW = (regCount * REGISTRY_W + (regCount - 1) * 16 + 32) * k;
  const registries: Rect = {
    x: gridX,
    y: Math.max(gridBottom + 120 * k, pending.y + pending.h + 72 * k),
    w: Math.max(regRowW, Math.min(gridW, regRowW + 360 * k)),
    h: (REGISTRY_H + 56) * k,
  };
  const registry = new Map<string, Rect>();
  registryNames.forEach((name, i) => {
    registry.set(name, {
      x: registries.x + (16 + i * (REGISTRY_W + 16)) * k,
      y: registries.y + 40 * k,
      w: REGISTRY_W * k,
      h: REGISTRY_H * k,
    });
  });
  const right = Math.max(gridX + gridW, registries.x + registries.w);
  const bottom = Math.max(registries.y + registries.h, clients.y + clients.h);
  return {
    world: { x: 0, y: 0, w: right + MARGIN, h: bottom + MARGIN },
    leftScale,
    user,
    controlPlane,
    masters,
    pending,
    clients,
    nodes,
    registries,
    registry,
  };
}

/** The row of one component inside a master box (relative to the master's rect). */
export function masterRow(master: Rect, row: MasterRow, scale = 1): Rect {
  const index = MASTER_ROWS.indexOf(row);
  return {
    x: master.x + 10 * scale,
    y: master.y + (36 + index * 48) * scale,
    w: master.w - 20 * scale,
    h: 42 * scale,
  };
}

/** The parts of a node card. */
export interface NodeParts {
  header: Rect;
  kubelet: Rect;
  proxy: Rect;
  runtime: Rect;
  bars: Rect;
  meta: Rect;
  pods: Rect;
}

export function nodeParts(r: Rect): NodeParts {
  const pad = 10;
  const compW = (r.w - pad * 2 - 12) / 3;
  const compY = r.y + 40;
  return {
    header: { x: r.x, y: r.y, w: r.w, h: 34 },
    kubelet: { x: r.x + pad, y: compY, w: compW, h: 24 },
    proxy: { x: r.x + pad + compW + 6, y: compY, w: compW, h: 24 },
    runtime: { x: r.x + pad + (compW + 6) * 2, y: compY, w: compW, h: 24 },
    bars: { x: r.x + pad, y: compY + 30, w: r.w - pad * 2, h: 30 },
    meta: { x: r.x + pad, y: compY + 64, w: r.w - pad * 2, h: 16 },
    pods: { x: r.x + pad, y: compY + 84, w: r.w - pad * 2, h: r.h - (compY - r.y) - 84 - pad },
  };
}

/**
 * Pod chips in a node's pod area: three columns of chips with name and status, smaller one-line chips
 * when more pods are bound, and small dots beyond that.
 */
export interface ChipGrid {
  cols: number;
  w: number;
  h: number;
  gap: number;
  /** How many fit; the rest are counted as "+N". */
  capacity: number;
  mode: "full" | "small" | "dot";
}

export function chipGrid(area: Rect, count: number): ChipGrid {
  const cols = 3;
  const w = (area.w - 6 * (cols - 1)) / cols;
  for (const [mode, h, gap] of [
    ["full", 32, 6],
    ["small", 19, 4],
  ] as const) {
    const rows = Math.floor((area.h + gap) / (h + gap));
    if (count <= cols * rows) return { cols, w, h, gap: 6, capacity: cols * rows, mode };
  }
  const size = 16;
  const dotCols = Math.floor((area.w + 4) / (size + 4));
  const rows = Math.floor((area.h + 4) / (size + 4));
  return { cols: dotCols, w: size, h: size, gap: 4, capacity: dotCols * rows, mode: "dot" };
}

export function chipRect(area: Rect, grid: ChipGrid, index: number): Rect {
  const col = index % grid.cols;
  const row = Math.floor(index / grid.cols);
  const rowGap = grid.mode === "small" ? 4 : grid.gap;
  return {
    x: area.x + col * (grid.w + grid.gap),
    y: area.y + row * (grid.h + rowGap),
    w: grid.w,
    h: grid.h,
  };
}

/** Pending pods in the tray: two columns of labelled chips under its title. */
export function trayChip(tray: Rect, index: number, scale = 1): Rect {
  const cols = 2;
  const w = (tray.w - 40 * scale) / cols;
  const h = 30 * scale;
  return {
    x: tray.x + 16 * scale + (index % cols) * (w + 8 * scale),
    y: tray.y + 44 * scale + Math.floor(index / cols) * (h + 6 * scale),
    w,
    h,
  };
}

export const TRAY_CAPACITY = 10;
