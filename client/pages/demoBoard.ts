import { h, tr } from "../dom/h.ts";
import { resetShell } from "../dom/shell.ts";
import type { Screen } from "../router.ts";
import { SyntheticCluster } from "../state/synthetic.ts";

/**
 * The board on a synthetic cluster (`/demo/board?nodes=100&pods=1000`): a stress view for teachers
 * preparing a large room, and what the frame-time benchmark measures. 5 % of the pods change every
 * 100 ms, each with an event, as in a busy cluster.
 */
declare global {
  interface Window {
    kubeclassDemo?: { frameWork(): number[]; ready: boolean; pan(): void };
  }
}

export const demoBoardScreen: Screen = async () => {
  const shell = resetShell("demo.title");
  shell.main.classList.add("screen-demo");
  const params = new URLSearchParams(window.location.search);
  const nodes = Math.max(1, Math.min(500, Number(params.get("nodes") ?? 100)));
  const pods = Math.max(0, Math.min(10_000, Number(params.get("pods") ?? 1000)));
  const churn = params.get("churn") !== "0";
  const cluster = new SyntheticCluster(nodes, pods);
  shell.status.append(tr("demo.status", { nodes, pods }));
  const slot = h("div", { class: "demo-board" });
  shell.main.append(slot);
  const { createBoard } = await import("../board/Board.ts");
  const board = await createBoard({
    view: () => cluster.view,
    now: () => cluster.view.session.now,
    mine: () => "",
    canPlace: () => false,
    speed: () => 1,
  });
  slot.append(board.element);
  const timer = churn
    ? setInterval(() => {
        cluster.churn(100);
        board.invalidate();
      }, 100)
    : undefined;
  let panStep = 0;
  window.kubeclassDemo = {
    frameWork: () => board.frameWork(),
    ready: true,
    pan: () => {
      panStep++;
      board.element.querySelector<HTMLElement>(".board")?.dispatchEvent(
        new KeyboardEvent("keydown", {
          key: panStep % 40 < 20 ? "ArrowRight" : "ArrowLeft",
          bubbles: true,
        }),
      );
    },
  };
  return () => {
    if (timer) clearInterval(timer);
    board.destroy();
    window.kubeclassDemo = undefined;
  };
};
