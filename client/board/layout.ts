/**
 * Where everything sits on the board, in world units. One world unit is one CSS pixel at zoom 1, and
 * every card is designed so that its smallest text is 14 units: a board shown at zoom 1 or more is
 * legible from the back of a room. The layout is chosen for the screen it is shown on (its aspect):
 * the seed document's arrangement (control plane on the left, workers on the right, registries under
 * the workers) on wide screens, the control plane above the workers on tall ones, one column on a
 * phone. Pure functions of counts, names and the viewport, so positions are stable between patches.
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

export const MARGIN = 16;
export const GAP = 14;
export const NODE_W = 300;
export const NODE_H = 210;
export const LEFT_W = 300;
export const USER_H = 72;
export const MASTER_W = 190;
export const MASTER_H = 176;
export const MASTER_GAP = 10;
export const CP_HEADER = 34;
export const CP_FOOTER = 0;
export const TRAY_ROWS = 3;
export const TRAY_H = 46 + TRAY_ROWS * 46;
export const CLIENTS_H = 100;
/** The autoscalers' card: a title, then one line per HPA, node group and upgrade (at most AUTOSCALER_LINES). */
export const AUTOSCALER_W = 360;
export const AUTOSCALER_LINES = 6;
export function autoscalerHeight(lines: number): number {
  return 40 + Math.min(AUTOSCALER_LINES, Math.max(1, lines)) * 22;
}
export const REGISTRY_W = 168;
export const REGISTRY_H = 56;
export const REGISTRIES_HEADER = 30;
/** Room above the cluster's cards for its boundary label. */
export const CLUSTER_LABEL = 30;
export const MASTER_ROWS = ["apiserver", "controller-manager", "scheduler", "etcd"] as const;
export type MasterRow = (typeof MASTER_ROWS)[number];

/** seed: control plane left of the workers; stacked: control plane above them (tall screens, phones). */
export type Arrangement = "seed" | "stacked";

export interface BoardLayout {
  world: Rect;
  arrangement: Arrangement;
  /** Columns of the node grid. */
  columns: number;
  /**
   * How much the control plane, the pending pods, the user, the clients and the registries are
   * enlarged to stay readable beside a large grid of nodes: their cards are drawn at this scale.
   */
  leftScale: number;
  user: Rect;
  controlPlane: Rect;
  masters: Rect[];
  pending: Rect;
  /** Zero-sized when the cluster has no Service (nothing to show there). */
  clients: Rect;
  /** The autoscalers (HPAs, node groups, an upgrade); zero-sized when the cluster has none. */
  autoscaler: Rect;
  nodes: Map<string, Rect>;
  registries: Rect;
  registry: Map<string, Rect>;
  /** The cluster's boundary (control plane, pending pods, workers), as the seed document draws it. */
  cluster: Rect;
}

export interface LayoutOptions {
  /** The board's size on screen (CSS px): the arrangement that shows it largest is chosen. */
  viewport?: { w: number; h: number };
  /** Whether the cluster has Services (their clients get a card). */
  clients?: boolean;
  /** Lines of the autoscalers' card (HPAs, node groups, an upgrade); 0 or absent: no card. */
  autoscaler?: number;
}

export function inside(r: Rect, p: Point, pad = 0): boolean {
  return p.x >= r.x - pad && p.x <= r.x + r.w + pad && p.y >= r.y - pad && p.y <= r.y + r.h + pad;
}

export function center(r: Rect): Point {
  return { x: r.x + r.w / 2, y: r.y + r.h / 2 };
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Columns of the node grid without a viewport: wide enough to keep the board about 16:10. */
export function nodeColumns(count: number): number {
  if (count <= 2) return Math.max(1, count);
  if (count <= 4) return 2;
  if (count <= 6) return 3;
  return Math.min(16, Math.ceil(Math.sqrt(count * 1.6)));
}

export function mastersPerRow(count: number): number {
  return Math.min(Math.max(1, count), 3);
}

/** Phone-sized boards fit the width and scroll down, rather than shrinking the cluster to a stamp. */
export const NARROW_BELOW = 640;

/** How large a layout is shown in a viewport: the camera's zoom when it fits. */
export function fitZoom(world: Rect, viewport: { w: number; h: number }): number {
  if (viewport.w < NARROW_BELOW) return viewport.w / world.w;
  return Math.min(viewport.w / world.w, viewport.h / world.h);
}

const DEFAULT_VIEWPORT = { w: 1600, h: 1000 };

/**
 * Tries both arrangements with every sensible number of node columns and keeps the one shown largest
 * in the viewport (ties go to the seed document's arrangement, then to fewer columns).
 */
export function computeLayout(
  nodeNames: readonly string[],
  masterCount: number,
  registryNames: readonly string[],
  options: LayoutOptions = {},
): BoardLayout {
  const viewport = options.viewport ?? DEFAULT_VIEWPORT;
  const n = nodeNames.length;
  let best: BoardLayout | undefined;
  let bestZoom = -1;
  const consider = (layout: BoardLayout) => {
    // a hair of tolerance so that float noise does not flip between equal layouts
    const zoom = fitZoom(layout.world, viewport);
    if (zoom > bestZoom * 1.001) {
      best = layout;
      bestZoom = zoom;
    }
  };
  const maxColumns = Math.max(1, Math.min(n, 16));
  const narrow = viewport.w < NARROW_BELOW;
  if (!narrow) {
    for (let c = 1; c <= maxColumns; c++)
      consider(seedLayout(nodeNames, masterCount, registryNames, c, options));
  }
  for (let c = 1; c <= Math.min(maxColumns, narrow ? 2 : 8); c++)
    consider(stackedLayout(nodeNames, masterCount, registryNames, c, options));
  return best as BoardLayout;
}

interface LeftColumn {
  cpW: number;
  cpH: number;
  perRow: number;
  masterW: number;
}

function controlPlaneSize(masterCount: number): LeftColumn {
  const perRow = mastersPerRow(masterCount);
  const rows = Math.ceil(Math.max(1, masterCount) / perRow);
  const cpW = Math.max(LEFT_W, perRow * MASTER_W + (perRow - 1) * MASTER_GAP + 24);
  const cpH = CP_HEADER + rows * MASTER_H + (rows - 1) * MASTER_GAP + CP_FOOTER + 6;
  return { cpW, cpH, perRow, masterW: (cpW - 24 - (perRow - 1) * MASTER_GAP) / perRow };
}

function placeMasters(cp: Rect, masterCount: number, size: LeftColumn, k: number): Rect[] {
  const masters: Rect[] = [];
  for (let i = 0; i < Math.max(1, masterCount); i++) {
    const row = Math.floor(i / size.perRow);
    const col = i % size.perRow;
    masters.push({
      x: cp.x + (12 + col * (size.masterW + MASTER_GAP)) * k,
      y: cp.y + (CP_HEADER + row * (MASTER_H + MASTER_GAP)) * k,
      w: size.masterW * k,
      h: MASTER_H * k,
    });
  }
  return masters;
}

function gridOf(nodeNames: readonly string[], x: number, y: number, cols: number): Map<string, Rect> {
  const nodes = new Map<string, Rect>();
  nodeNames.forEach((name, i) => {
    nodes.set(name, {
      x: x + (i % cols) * (NODE_W + GAP),
      y: y + Math.floor(i / cols) * (NODE_H + GAP),
      w: NODE_W,
      h: NODE_H,
    });
  });
  return nodes;
}

interface OutsideRow {
  user: Rect;
  clients: Rect;
  autoscaler: Rect;
  registries: Rect;
  registry: Map<string, Rect>;
  bottom: number;
}

function registryCards(registryNames: readonly string[], x: number, y: number, k: number, maxW: number) {
  const count = Math.max(1, registryNames.length);
  // as many registries per line as the width allows (a phone stacks them)
  const perLine = Math.max(1, Math.min(count, Math.floor((maxW / k - 12) / (REGISTRY_W + 12))));
  const lines = Math.ceil(count / perLine);
  const w = (perLine * REGISTRY_W + (perLine - 1) * 12 + 24) * k;
  const h = (REGISTRIES_HEADER + lines * (REGISTRY_H + 10)) * k;
  const registries: Rect = { x, y, w, h: h - 2 * k };
  const registry = new Map<string, Rect>();
  registryNames.forEach((name, i) => {
    registry.set(name, {
      x: x + (12 + (i % perLine) * (REGISTRY_W + 12)) * k,
      y: y + (REGISTRIES_HEADER + Math.floor(i / perLine) * (REGISTRY_H + 10)) * k,
      w: REGISTRY_W * k,
      h: REGISTRY_H * k,
    });
  });
  return { registries, registry };
}

/**
 * What the cluster talks to from outside, in one row: the kubectl user, the container registries and
 * the Service clients, placed at `starts` (user, registries) and wrapped under each other when the row
 * would pass `maxRight`.
 */
function outsideRow(
  registryNames: readonly string[],
  y: number,
  starts: { user: number; registries: number },
  maxRight: number,
  k: number,
  withClients: boolean,
  autoscalerLines: number,
): OutsideRow {
  let rowY = y;
  let rowBottom = y;
  const put = (x: number, w: number, h: number): Rect => {
    let at = x;
    if (at + w > maxRight && at > starts.user) {
      // wrap: under everything placed so far, from the row's start
      rowY = rowBottom + GAP * k;
      at = starts.user;
    }
    const r = { x: at, y: rowY, w, h };
    rowBottom = Math.max(rowBottom, r.y + r.h);
    return r;
  };
  const user = put(starts.user, LEFT_W * k, USER_H * k);
  const regW = (Math.max(1, registryNames.length) * (REGISTRY_W + 12) + 12) * k;
  const regX = Math.max(starts.registries, user.x + user.w + GAP * k);
  const regRect = put(regX, Math.min(regW, Math.max(maxRight - regX, REGISTRY_W * k)), 0);
  const { registries, registry } = registryCards(
    registryNames,
    regRect.x,
    regRect.y,
    k,
    Math.max(maxRight - regRect.x, (REGISTRY_W + 24) * k),
  );
  rowBottom = Math.max(rowBottom, registries.y + registries.h);
  const clients = withClients
    ? put(registries.x + registries.w + GAP * k, LEFT_W * k, CLIENTS_H * k)
    : { x: user.x, y: user.y + user.h, w: 0, h: 0 };
  const last = withClients ? clients : registries;
  const autoscaler =
    autoscalerLines > 0
      ? put(last.x + last.w + GAP * k, AUTOSCALER_W * k, autoscalerHeight(autoscalerLines) * k)
      : { x: user.x, y: user.y + user.h, w: 0, h: 0 };
  return { user, clients, autoscaler, registries, registry, bottom: rowBottom };
}

function bounds(rects: Rect[]): Rect {
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.w));
  const bottom = Math.max(...rects.map((r) => r.y + r.h));
  return { x, y, w: right - x, h: bottom - y };
}

function clusterBox(cards: Rect[], k: number): Rect {
  const b = bounds(cards);
  return { x: b.x - 10, y: b.y - CLUSTER_LABEL * k, w: b.w + 20, h: b.h + CLUSTER_LABEL * k + 10 };
}

function gridWidth(count: number, cols: number): number {
  return Math.min(cols, Math.max(1, count)) * (NODE_W + GAP) - GAP;
}

/**
 * The seed document's board: what is outside the cluster on top (the kubectl user above the control
 * plane, the registries above the workers, the Service clients), then the cluster: the control plane
 * with the pending pods under it on the left, the workers in `cols` columns on the right.
 */
function seedLayout(
  nodeNames: readonly string[],
  masterCount: number,
  registryNames: readonly string[],
  cols: number,
  options: LayoutOptions,
): BoardLayout {
  const size = controlPlaneSize(masterCount);
  const withClients = options.clients ?? false;
  const rows = Math.max(1, Math.ceil(nodeNames.length / cols));
  const gridH = rows * (NODE_H + GAP) - GAP;
  // beside a much taller grid of nodes the left column is enlarged, to stay readable when zoomed out
  const leftH = size.cpH + GAP + TRAY_H;
  const ratio = gridH / leftH;
  const k = ratio > 1.25 ? Math.min(3, ratio) : 1;
  const x0 = MARGIN + 10;
  const gridX = x0 + size.cpW * k + GAP * 2 + 10;
  const gridW = gridWidth(nodeNames.length, cols);
  const outside = outsideRow(
    registryNames,
    MARGIN,
    { user: x0, registries: gridX },
    Math.max(gridX + gridW, x0 + size.cpW * k),
    k,
    withClients,
    options.autoscaler ?? 0,
  );
  const cpY = outside.bottom + (GAP + CLUSTER_LABEL) * k;
  const controlPlane: Rect = { x: x0, y: cpY, w: size.cpW * k, h: size.cpH * k };
  const pending: Rect = { x: x0, y: cpY + controlPlane.h + GAP * k, w: size.cpW * k, h: TRAY_H * k };
  const nodes = gridOf(nodeNames, gridX, cpY, cols);
  const cluster = clusterBox([controlPlane, pending, ...nodes.values()], k);
  const b = bounds([cluster, outside.user, outside.registries, outside.clients, outside.autoscaler]);
  return {
    world: { x: 0, y: 0, w: b.x + b.w + MARGIN, h: b.y + b.h + MARGIN },
    arrangement: "seed",
    columns: cols,
    leftScale: k,
    user: outside.user,
    controlPlane,
    masters: placeMasters(controlPlane, masterCount, size, k),
    pending,
    clients: outside.clients,
    autoscaler: outside.autoscaler,
    nodes,
    registries: outside.registries,
    registry: outside.registry,
    cluster,
  };
}

/**
 * For tall screens and phones: the cluster first (the control plane and the pending pods side by
 * side, or one above the other when narrow, then the workers), and what is outside it underneath.
 */
function stackedLayout(
  nodeNames: readonly string[],
  masterCount: number,
  registryNames: readonly string[],
  cols: number,
  options: LayoutOptions,
): BoardLayout {
  const size = controlPlaneSize(masterCount);
  const withClients = options.clients ?? false;
  const gridW = gridWidth(nodeNames.length, cols);
  const x0 = MARGIN + 10;
  const top = MARGIN + CLUSTER_LABEL;
  const controlPlane: Rect = { x: x0, y: top, w: size.cpW, h: size.cpH };
  // the pending pods beside the control plane when the row is wide enough, else under it
  const side = gridW >= size.cpW + GAP + LEFT_W;
  const pending: Rect = side
    ? { x: x0 + size.cpW + GAP, y: top, w: Math.max(LEFT_W, gridW - size.cpW - GAP), h: TRAY_H }
    : { x: x0, y: top + size.cpH + GAP, w: size.cpW, h: TRAY_H };
  const rowBottom = Math.max(controlPlane.y + controlPlane.h, pending.y + pending.h);
  const nodes = gridOf(nodeNames, x0, rowBottom + GAP, cols);
  const cluster = clusterBox([controlPlane, pending, ...nodes.values()], 1);
  const outside = outsideRow(
    registryNames,
    cluster.y + cluster.h + GAP,
    { user: x0, registries: x0 },
    x0 + Math.max(gridW, size.cpW, pending.x + pending.w - x0),
    1,
    withClients,
    options.autoscaler ?? 0,
  );
  const b = bounds([cluster, outside.user, outside.registries, outside.clients, outside.autoscaler]);
  return {
    world: { x: 0, y: 0, w: b.x + b.w + MARGIN, h: b.y + b.h + MARGIN },
    arrangement: "stacked",
    columns: cols,
    leftScale: 1,
    user: outside.user,
    controlPlane,
    masters: placeMasters(controlPlane, masterCount, size, 1),
    pending,
    clients: outside.clients,
    autoscaler: outside.autoscaler,
    nodes,
    registries: outside.registries,
    registry: outside.registry,
    cluster,
  };
}

/** Every card of a layout, by name: what the board draws and what the tests check for overlaps. */
export function layoutCards(l: BoardLayout): [string, Rect][] {
  const cards: [string, Rect][] = [
    ["user", l.user],
    ["cp", l.controlPlane],
    ["tray", l.pending],
    ["registries", l.registries],
  ];
  if (l.clients.w > 0) cards.push(["clients", l.clients]);
  if (l.autoscaler.w > 0) cards.push(["autoscaler", l.autoscaler]);
  for (const [name, r] of l.nodes) cards.push([`node:${name}`, r]);
  return cards;
}

/** The row of one component inside a master box (relative to the master's rect). */
export function masterRow(master: Rect, row: MasterRow, scale = 1): Rect {
  const index = MASTER_ROWS.indexOf(row);
  return {
    x: master.x + 8 * scale,
    y: master.y + (32 + index * 34) * scale,
    w: master.w - 16 * scale,
    h: 30 * scale,
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
  const compY = r.y + 56;
  return {
    header: { x: r.x, y: r.y, w: r.w, h: 52 },
    kubelet: { x: r.x + pad, y: compY, w: compW, h: 26 },
    proxy: { x: r.x + pad + compW + 6, y: compY, w: compW, h: 26 },
    runtime: { x: r.x + pad + (compW + 6) * 2, y: compY, w: compW, h: 26 },
    bars: { x: r.x + pad, y: compY + 32, w: r.w - pad * 2, h: 20 },
    meta: { x: r.x + pad, y: compY + 56, w: r.w - pad * 2, h: 20 },
    pods: { x: r.x + pad, y: compY + 82, w: r.w - pad * 2, h: r.h - (compY - r.y) - 82 - 8 },
  };
}

/**
 * Pod chips in a node's pod area: three columns of chips with name and status, one-line chips when
 * more pods are bound, and small dots beyond that.
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
    ["full", 38, 4],
    ["small", 24, 3],
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
  const rowGap = grid.mode === "full" ? 4 : grid.mode === "small" ? 3 : grid.gap;
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
  const w = (tray.w - 32 * scale - 8 * scale) / cols;
  const h = 40 * scale;
  return {
    x: tray.x + 16 * scale + (index % cols) * (w + 8 * scale),
    y: tray.y + 46 * scale + Math.floor(index / cols) * (h + 6 * scale),
    w,
    h,
  };
}

export const TRAY_CAPACITY = TRAY_ROWS * 2;
