import * as Phaser from "phaser";
import { h, label, prefersReducedMotion, tr } from "../dom/h.ts";
import { onLanguageChange, t } from "../i18n/i18n.ts";
import { Boot } from "../scenes/Boot.ts";
import { type BoardInspection, Cluster, type ClusterData } from "../scenes/Cluster.ts";
import type { FlowSpec } from "./flows.ts";
import { shows } from "./guidance.ts";
import type { BoardCallbacks, BoardSource } from "./source.ts";

/**
 * The Phaser game that draws the cluster, in a DOM container with its toolbar. Input is plain DOM:
 * drag the background to pan, the wheel or the buttons to zoom, drag a pending pod onto a node (from
 * the board's tray, or from the scheduler panel's list); with the board focused, arrow keys pan,
 * + and - zoom, 0 fits the cluster.
 */
declare global {
  interface Window {
    kubeclassBoard?: { inspect(): BoardInspection | undefined } | undefined;
  }
}

export interface Board {
  readonly element: HTMLElement;
  /** The state changed. */
  invalidate(): void;
  /** A jump (replay seek): forget the recent past, no flows for skipped events. */
  jumped(): void;
  focusNode(name: string): void;
  selectPod(key: string): void;
  spawn(flow: FlowSpec): void;
  /** Frame work (update + render) per frame, ms, for the benchmark. */
  frameWork(): number[];
  /** Card rectangles on screen, zoom and the smallest text on screen: what the browser tests check. */
  inspect(): BoardInspection | undefined;
  fit(): void;
  destroy(): void;
}

export async function createBoard(source: BoardSource, callbacks: BoardCallbacks = {}): Promise<Board> {
  const dpr = Math.min(2, window.devicePixelRatio || 1);
  const canvasHost = h("div", { class: "board-canvas" });
  const summary = h("p", { id: `board-summary-${Math.random().toString(36).slice(2)}`, class: "sr-only" });
  const host = h("div", {
    class: "board",
    tabindex: "0",
    role: "application",
    "aria-describedby": summary.id,
  });
  label(host, "board.label");
  label(host, "board.roleDescription", undefined, "aria-roledescription");
  const zoomIn = label(h("button", { type: "button", class: "icon" }, "+"), "board.zoomIn");
  const zoomOut = label(h("button", { type: "button", class: "icon" }, "−"), "board.zoomOut");
  const fitButton = label(h("button", { type: "button", class: "icon" }, "⤢"), "board.fit");
  const toolbar = h(
    "div",
    { class: "board-toolbar" },
    zoomIn,
    zoomOut,
    fitButton,
    tr("board.keys", undefined, "small"),
  );
  host.append(canvasHost, summary);
  const element = h("section", { class: "board-wrap" }, toolbar, host);

  let scene: Cluster | undefined;
  let gameRef: Phaser.Game | undefined;
  const ready = new Promise<Cluster>((resolve) => {
    const data: ClusterData = {
      source,
      callbacks,
      dpr,
      reducedMotion: prefersReducedMotion(),
      onReady: (s) => {
        scene = s;
        resolve(s);
      },
    };
    const game = new Phaser.Game({
      type: rendererType(),
      parent: canvasHost,
      width: 800 * dpr,
      height: 600 * dpr,
      backgroundColor: "#eef2f8",
      banner: false,
      audio: { noAudio: true },
      input: { keyboard: false, mouse: false, touch: false, gamepad: false },
      disableContextMenu: true,
      scale: { mode: Phaser.Scale.NONE, zoom: 1 / dpr },
      render: { antialias: true, powerPreference: "high-performance" },
      scene: [],
    });
    game.scene.add("Cluster", Cluster, false);
    game.scene.add("Boot", Boot, true, data);
    gameRef = game;
  });

  const resize = () => {
    const game = gameRef;
    if (!game) return;
    const w = Math.max(200, host.clientWidth);
    const hgt = Math.max(200, host.clientHeight);
    game.scale.resize(Math.round(w * dpr), Math.round(hgt * dpr));
    game.scale.setZoom(1 / dpr);
    scene?.setViewport(w, hgt);
    if (scene?.autoFit) scene.fit();
  };
  const observer = new ResizeObserver(resize);
  observer.observe(host);
  await ready;
  resize();

  // --- pointer: pan, zoom, drag a pending pod ------------------------------------------------------
  const gamePoint = (event: { clientX: number; clientY: number }) => {
    const rect = host.getBoundingClientRect();
    return { x: (event.clientX - rect.left) * dpr, y: (event.clientY - rect.top) * dpr };
  };
  let panning: { x: number; y: number } | undefined;
  let dragging: { key: string; ghost: HTMLElement; name: string } | undefined;
  let moved = 0;
  // touch: one finger pans (or drags a pod), two pinch to zoom around their middle
  const touches = new Map<number, { x: number; y: number }>();
  let pinch: { distance: number } | undefined;
  const pinchState = () => {
    const [a, b] = [...touches.values()];
    if (!a || !b) return undefined;
    return {
      distance: Math.hypot(a.x - b.x, a.y - b.y),
      middle: gamePoint({ clientX: (a.x + b.x) / 2, clientY: (a.y + b.y) / 2 }),
    };
  };

  /** The ghost under the pointer says what the filters think of the Node below it. */
  const ghostText = (key: string, node: string) => {
    const name = key.replace(/^default\//, "");
    const guidance = scene?.guidance();
    const v = node ? guidance?.nodes.get(node) : undefined;
    if (!node || !v || !guidance || !shows(guidance.level).reasons) return name;
    if (v.feasible) return shows(guidance.level).glow ? `${name} → ${node} ✓` : `${name} → ${node}`;
    return `${name} → ${node} ✕ ${v.reasons.join(", ")}`;
  };

  host.addEventListener("pointerdown", (event) => {
    if (!scene) return;
    if (event.pointerType === "touch") {
      touches.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (touches.size === 2) {
        // a second finger: stop panning or dragging, start pinching
        dragging?.ghost.remove();
        dragging = undefined;
        panning = undefined;
        scene.setDropNode("");
        pinch = pinchState();
        host.setPointerCapture(event.pointerId);
        return;
      }
    }
    if (event.button !== 0) return;
    const world = scene.worldAt(gamePoint(event).x, gamePoint(event).y);
    const hit = scene.hit(world);
    moved = 0;
    if (hit?.kind === "pod" && source.canPlace()) {
      const ghost = h("div", { class: "drag-ghost", "data-testid": "drag-ghost" }, ghostText(hit.key, ""));
      document.body.append(ghost);
      dragging = { key: hit.key, ghost, name: "" };
      scene.setSelectedPod(hit.key);
      // the panel asks kube-scheduler's filters about this pod while it is dragged
      callbacks.onSelectPod?.(hit.key);
      moveGhost(ghost, event);
    } else panning = { x: event.clientX, y: event.clientY };
    host.setPointerCapture(event.pointerId);
  });
  host.addEventListener("pointermove", (event) => {
    if (!scene) return;
    if (event.pointerType === "touch" && touches.has(event.pointerId)) {
      touches.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (pinch && touches.size >= 2) {
        const now = pinchState();
        if (now && pinch.distance > 0) {
          scene.autoFit = false;
          scene.setUserZoom(scene.userZoom * (now.distance / pinch.distance), now.middle);
          pinch = now;
        }
        return;
      }
    }
    if (dragging) {
      moveGhost(dragging.ghost, event);
      const hit = scene.hit(scene.worldAt(gamePoint(event).x, gamePoint(event).y));
      const name = hit?.kind === "node" ? hit.name : "";
      scene.setDropNode(name);
      dragging.ghost.textContent = ghostText(dragging.key, name);
      moveGhost(dragging.ghost, event);
      dragging.ghost.classList.toggle(
        "ruled-out",
        Boolean(name && scene.guidance()?.nodes.get(name)?.feasible === false),
      );
    } else if (panning) {
      const dx = event.clientX - panning.x;
      const dy = event.clientY - panning.y;
      moved += Math.abs(dx) + Math.abs(dy);
      panning = { x: event.clientX, y: event.clientY };
      scene.autoFit = false;
      scene.panBy(dx * dpr, dy * dpr);
    }
  });
  const endPointer = (event: PointerEvent) => {
    if (!scene) return;
    if (event.pointerType === "touch") {
      touches.delete(event.pointerId);
      if (pinch) {
        if (touches.size < 2) pinch = undefined;
        return;
      }
    }
    const hit = scene.hit(scene.worldAt(gamePoint(event).x, gamePoint(event).y));
    if (dragging) {
      dragging.ghost.remove();
      scene.setDropNode("");
      if (hit?.kind === "node") callbacks.onPlace?.(dragging.key, hit.name);
      else callbacks.onSelectPod?.(dragging.key);
      dragging = undefined;
    } else if (panning && moved < 5 && hit) {
      if (hit.kind === "node") callbacks.onSelectNode?.(hit.name);
      else callbacks.onSelectPod?.(hit.key);
    }
    panning = undefined;
  };
  host.addEventListener("pointerup", endPointer);
  host.addEventListener("pointercancel", (event) => {
    touches.delete(event.pointerId);
    if (touches.size < 2) pinch = undefined;
    dragging?.ghost.remove();
    dragging = undefined;
    panning = undefined;
    scene?.setDropNode("");
  });
  host.addEventListener(
    "wheel",
    (event) => {
      if (!scene) return;
      event.preventDefault();
      scene.autoFit = false;
      const factor = Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015));
      scene.setUserZoom(scene.userZoom * factor, gamePoint(event));
    },
    { passive: false },
  );

  // a pod dragged from the scheduler panel's list (HTML drag and drop)
  host.addEventListener("dragover", (event) => {
    if (!scene || !event.dataTransfer?.types.includes("application/x-kubeclass-pod")) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    const hit = scene.hit(scene.worldAt(gamePoint(event).x, gamePoint(event).y));
    scene.setDropNode(hit?.kind === "node" ? hit.name : "");
  });
  host.addEventListener("dragleave", () => scene?.setDropNode(""));
  host.addEventListener("drop", (event) => {
    if (!scene) return;
    const key = event.dataTransfer?.getData("application/x-kubeclass-pod");
    scene.setDropNode("");
    if (!key) return;
    event.preventDefault();
    const hit = scene.hit(scene.worldAt(gamePoint(event).x, gamePoint(event).y));
    if (hit?.kind === "node") callbacks.onPlace?.(key, hit.name);
  });

  // --- keyboard and toolbar -------------------------------------------------------------------------
  const zoomBy = (factor: number) => {
    if (!scene) return;
    scene.autoFit = false;
    scene.setUserZoom(scene.userZoom * factor, {
      x: (host.clientWidth * dpr) / 2,
      y: (host.clientHeight * dpr) / 2,
    });
  };
  zoomIn.addEventListener("click", () => zoomBy(1.25));
  zoomOut.addEventListener("click", () => zoomBy(0.8));
  fitButton.addEventListener("click", () => {
    if (!scene) return;
    scene.autoFit = true;
    scene.fit();
  });
  host.addEventListener("keydown", (event) => {
    if (!scene) return;
    const step = 80 * dpr;
    const keys: Record<string, () => void> = {
      ArrowLeft: () => scene?.panBy(step, 0),
      ArrowRight: () => scene?.panBy(-step, 0),
      ArrowUp: () => scene?.panBy(0, step),
      ArrowDown: () => scene?.panBy(0, -step),
      "+": () => zoomBy(1.25),
      "=": () => zoomBy(1.25),
      "-": () => zoomBy(0.8),
      "0": () => {
        if (!scene) return;
        scene.autoFit = true;
        scene.fit();
      },
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    if (event.key.startsWith("Arrow")) scene.autoFit = false;
    action();
  });

  const updateSummary = () => {
    if (!scene) return;
    const m = scene.model;
    let notReady = 0;
    for (const e of m.nodes.values()) if (e.node.ready !== "Ready") notReady++;
    summary.textContent = t("board.summary", {
      nodes: m.nodeNames.length,
      notReady,
      pending: m.pending.length,
    });
  };
  const summaryTimer = setInterval(updateSummary, 2000);
  // the browser tests read the board's layout and text sizes from here
  window.kubeclassBoard = { inspect: () => scene?.inspect() };
  const offLanguage = onLanguageChange(() => {
    scene?.repaintAll();
    updateSummary();
  });

  return {
    element,
    invalidate: () => scene?.invalidate(),
    jumped: () => scene?.jumped(),
    focusNode: (name) => scene?.focusNode(name),
    selectPod: (key) => scene?.setSelectedPod(key),
    spawn: (flow) => scene?.spawn(flow),
    frameWork: () => scene?.frameWork ?? [],
    inspect: () => scene?.inspect(),
    fit: () => {
      if (!scene) return;
      scene.autoFit = true;
      scene.fit();
    },
    destroy: () => {
      clearInterval(summaryTimer);
      offLanguage();
      observer.disconnect();
      dragging?.ghost.remove();
      if (window.kubeclassBoard) window.kubeclassBoard = undefined;
      gameRef?.destroy(true);
    },
  };
}

/**
 * WebGL with a GPU; the Canvas renderer when WebGL would be emulated in software (SwiftShader,
 * llvmpipe: old or blocklisted school laptops, headless browsers), where drawing the board's textured
 * cards with the 2D canvas is several times faster. `?renderer=webgl|canvas` forces one.
 */
function rendererType(): number {
  const forced = new URLSearchParams(window.location.search).get("renderer");
  if (forced === "canvas") return Phaser.CANVAS;
  if (forced === "webgl") return Phaser.WEBGL;
  const probe = document.createElement("canvas").getContext("webgl");
  if (!probe) return Phaser.CANVAS;
  const info = probe.getExtension("WEBGL_debug_renderer_info");
  const name = info ? String(probe.getParameter(info.UNMASKED_RENDERER_WEBGL)) : "";
  probe.getExtension("WEBGL_lose_context")?.loseContext();
  return /SwiftShader|llvmpipe|softpipe|Software|Basic Render/i.test(name) ? Phaser.CANVAS : Phaser.WEBGL;
}

function moveGhost(ghost: HTMLElement, event: PointerEvent): void {
  // beside the pointer, but kept on screen (it grows with the verdict it shows)
  const x = Math.max(4, Math.min(event.clientX + 12, window.innerWidth - ghost.offsetWidth - 8));
  ghost.style.transform = `translate(${x}px, ${event.clientY + 14}px)`;
}
