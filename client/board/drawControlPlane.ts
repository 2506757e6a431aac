import type { ControlPlaneView, MasterView, SeatView, TrafficView } from "../../shared/protocol/state.ts";
import { t } from "../i18n/i18n.ts";
import { box, type Ctx, font, hatch, text } from "./canvas.ts";
import { CP_HEADER, MASTER_ROWS, type MasterRow, masterRow, type Rect } from "./layout.ts";
import { COLORS } from "./theme.ts";

/**
 * The control plane as the seed document draws the master node: API Server, Controller Manager,
 * Scheduler and the cluster state store (etcd), once per control-plane machine, with the leaders
 * marked (the active kube-scheduler and kube-controller-manager hold a Lease; etcd has a Raft leader)
 * and etcd's quorum under them. Plus the two actors outside the cluster: the kubectl user and the
 * clients of the Services.
 */
export interface MasterInfo {
  name: string;
  up: boolean;
  etcdUp: boolean;
  etcdLeader: boolean;
  schedulerLeader: boolean;
  controllerManagerLeader: boolean;
}

/** The masters to draw: the view's, or one healthy master when the server sends no control-plane view. */
export function mastersOf(cp: ControlPlaneView | undefined): MasterInfo[] {
  const list: MasterInfo[] = [];
  cp?.masters.forEach((m: MasterView) => {
    list.push({ ...m });
  });
  if (list.length === 0) {
    list.push({
      name: "master",
      up: true,
      etcdUp: true,
      etcdLeader: true,
      schedulerLeader: true,
      controllerManagerLeader: true,
    });
  }
  return list.sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
}

const ROW_NAME: Record<MasterRow, string> = {
  apiserver: "API Server",
  "controller-manager": "Controller Manager",
  scheduler: "Scheduler",
  etcd: "etcd",
};

export interface ControlPlaneInput {
  cp: ControlPlaneView | undefined;
  masters: MasterInfo[];
  /** Master rects relative to the card. */
  rects: Rect[];
  width: number;
  height: number;
  schedulerSeat: SeatView | undefined;
  cmSeat: SeatView | undefined;
  mine: string;
  driverLabel: (seat: SeatView | undefined) => string;
}

export function drawControlPlane(ctx: Ctx, input: ControlPlaneInput): void {
  const { width, height, cp } = input;
  ctx.clearRect(0, 0, width, height);
  box(ctx, 1, 1, width - 2, height - 2, 14, COLORS.controlPlane, COLORS.k8s, 2);
  // the title may be condensed (not cut) to leave the quorum its room: "コントロールプレーン" is long
  const titleW = text(ctx, t("board.controlPlane"), 14, CP_HEADER / 2 + 1, {
    size: 16,
    weight: 700,
    color: COLORS.k8sDark,
    max: width * 0.5,
  });
  // etcd's quorum (and whether the API server can write) on the title's line
  const up = input.masters.filter((m) => m.up && m.etcdUp).length;
  const total = input.masters.length;
  const quorum = cp ? cp.quorum : true;
  const writable = cp ? cp.writable : true;
  const need = Math.floor(total / 2) + 1;
  const status = quorum
    ? `✓ ${t("board.quorumShort", { up, total })}`
    : `✕ ${t("board.quorumLost", { up, total, need })}`;
  text(ctx, writable ? status : `${status} · ${t("board.readOnly")}`, width - 14, CP_HEADER / 2 + 1, {
    weight: 700,
    color: quorum && writable ? COLORS.ok : COLORS.bad,
    align: "right",
    max: width - titleW - 40,
  });
  input.masters.forEach((m, i) => {
    const r = input.rects[i];
    if (r) drawMaster(ctx, m, r, input);
  });
}

function drawMaster(ctx: Ctx, m: MasterInfo, r: Rect, input: ControlPlaneInput): void {
  box(ctx, r.x, r.y, r.w, r.h, 10, COLORS.card, m.up ? COLORS.cardBorder : COLORS.bad, m.up ? 1.5 : 2.5);
  const stateW = text(ctx, m.up ? "Ready" : t("board.masterDown"), r.x + r.w - 10, r.y + 16, {
    weight: 700,
    k8s: m.up,
    color: m.up ? COLORS.ok : COLORS.bad,
    align: "right",
  });
  text(ctx, m.name, r.x + 10, r.y + 16, { weight: 700, max: r.w - stateW - 28, k8s: true });
  for (const row of MASTER_ROWS) {
    const c = masterRow(r, row);
    const up = m.up && (row !== "etcd" || m.etcdUp);
    const leader =
      (row === "scheduler" && m.schedulerLeader) ||
      (row === "controller-manager" && m.controllerManagerLeader) ||
      (row === "etcd" && m.etcdLeader);
    const fill = !up
      ? COLORS.badTint
      : row === "etcd"
        ? "#e0f2f1"
        : row === "apiserver"
          ? COLORS.k8sTint
          : "#f8fafc";
    const stroke = !up ? COLORS.bad : leader ? COLORS.k8s : row === "etcd" ? COLORS.etcd : COLORS.cardBorder;
    box(ctx, c.x, c.y, c.w, c.h, 7, fill, stroke, leader ? 2.2 : 1.2);
    const nameW = text(ctx, ROW_NAME[row], c.x + 8, c.y + c.h / 2, {
      weight: 700,
      k8s: true,
      color: up ? COLORS.ink : COLORS.bad,
      max: c.w - 16,
    });
    // the longest description that fits beside the name: who leads and who plays it, or less
    const candidates: string[] = [];
    if (!up) candidates.push(t("board.componentDown"));
    else if (row === "apiserver") candidates.push(t("board.apiserverSub"), "");
    else if (row === "etcd")
      candidates.push(leader ? t("board.raftLeader") : t("board.raftFollower"), leader ? "★" : "");
    else if (leader) {
      const seat = row === "scheduler" ? input.schedulerSeat : input.cmSeat;
      candidates.push(`★ ${t("board.leader")} · ${input.driverLabel(seat)}`, `★ ${t("board.leader")}`, "★");
    } else candidates.push(t("board.standby"), "–");
    const room = c.w - nameW - 26;
    ctx.font = font(14, leader ? 600 : 400);
    const sub = candidates.find((x) => ctx.measureText(x).width <= room) ?? "";
    if (sub)
      text(ctx, sub, c.x + c.w - 8, c.y + c.h / 2, {
        color: leader ? COLORS.k8sDark : COLORS.muted,
        weight: leader ? 600 : 400,
        align: "right",
      });
    if (leader && (row === "scheduler" || row === "controller-manager") && row === input.mine) {
      box(ctx, c.x - 3, c.y - 3, c.w + 6, c.h + 6, 9, undefined, COLORS.k8s, 2.5);
    }
  }
  if (!m.up) {
    ctx.globalAlpha = 0.25;
    hatch(ctx, r.x + 2, r.y + 28, r.w - 4, r.h - 30, COLORS.bad, 14);
    ctx.globalAlpha = 1;
  }
}

export function drawUser(ctx: Ctx, w: number, h: number, driver: string, mine: boolean): void {
  ctx.clearRect(0, 0, w, h);
  box(ctx, 1, 1, w - 2, h - 2, 12, COLORS.card, mine ? COLORS.k8s : COLORS.cardBorder, mine ? 3 : 1.5);
  box(ctx, 12, 12, 56, h - 24, 8, COLORS.ink);
  text(ctx, ">_", 40, h / 2, { size: 20, weight: 700, color: "#e2e8f0", align: "center", mono: true });
  text(ctx, t("board.user"), 82, 20, { size: 16, weight: 700, max: w - 94 });
  text(ctx, "kubectl · YAML", 82, 40, { color: COLORS.muted, mono: true, max: w - 94, k8s: true });
  text(ctx, driver, 82, 60, { color: COLORS.k8sDark, weight: 600, max: w - 94 });
}

export function drawClients(ctx: Ctx, w: number, h: number, traffic: TrafficView[]): void {
  ctx.clearRect(0, 0, w, h);
  box(ctx, 1, 1, w - 2, h - 2, 12, COLORS.card, COLORS.cardBorder, 1.5);
  text(ctx, t("board.clients"), 14, 18, { size: 16, weight: 700 });
  if (traffic.length === 0) {
    text(ctx, t("board.noTraffic"), 14, 44, { color: COLORS.muted, max: w - 28 });
    return;
  }
  traffic.slice(0, 3).forEach((tr, i) => {
    const y = 42 + i * 20;
    const ok = tr.successRate >= 0.99;
    const nameW = text(ctx, tr.key.replace(/^default\//, ""), 14, y, {
      weight: 600,
      max: w * 0.36,
      mono: true,
    });
    text(
      ctx,
      `${Math.round(tr.rps)}/s · ${(tr.successRate * 100).toFixed(1)}% · ${Math.round(tr.meanLatencyMs)} ms`,
      w - 14,
      y,
      {
        color: ok ? COLORS.ok : COLORS.bad,
        weight: 600,
        align: "right",
        max: w - nameW - 40,
      },
    );
  });
}
