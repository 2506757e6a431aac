import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { BoardInspection } from "../../client/scenes/Cluster.ts";
import { Api } from "../support/classroom.ts";
import { screenshot } from "./support/screenshot.ts";
import { useStage } from "./support/stage.ts";

/**
 * The scheduler before a move, at 1366x768: selecting the `trainer` pod of the scheduling scenario
 * lights gpu-1 (its only feasible Node) and dims the three others with NodeAffinity's reason in the
 * words of FailedScheduling; dragging fast-db over the board lights ssd-1 and dims the rest while the
 * pod is still in the air; dropping it on a Node the filters reject asks first, and the teacher's
 * choice to cancel leaves the pod pending. The board's cards never overlap and their text stays legible.
 */
const stage = useStage();

type Verdict = { feasible: boolean; plugin: string; reasons: string[]; score: number; best: boolean };

const inspect = (page: Page) =>
  page.evaluate(() => window.kubeclassBoard?.inspect()) as Promise<BoardInspection | undefined>;

function overlapping(cards: BoardInspection["cards"]): string[] {
  const out: string[] = [];
  for (let i = 0; i < cards.length; i++)
    for (let j = i + 1; j < cards.length; j++) {
      const a = cards[i] as BoardInspection["cards"][number];
      const b = cards[j] as BoardInspection["cards"][number];
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
        out.push(`${a.id}/${b.id}`);
    }
  return out;
}

describe("the scheduler sees kube-scheduler's filters before a move", () => {
  it("lights feasible Nodes and dims the others with their reasons, on select and while dragging", async () => {
    const api = new Api(stage.server.url);
    const session = await api.createSession("scheduling", { speed: 1 });
    const { page } = stage.browser;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${stage.server.url}/join/${session.code}`);
    await page.fill("#join-nickname", "Kelsey");
    await page.click("#join-submit");
    await page.waitForSelector('#seats button[data-seat="scheduler"]');
    await page.click('#seats button[data-seat="scheduler"]');
    await page.waitForSelector("#scheduler-heading");
    await api.action(session.code, session.instructorToken, { type: "session.start" });
    await page.waitForSelector('#pending-queue li[data-key="default/trainer"]');

    // select trainer: nodeSelector gpu-1 and a toleration for its taint
    await page.click('#pending-queue li[data-key="default/trainer"]');
    await page.waitForSelector('#node-choices[data-pod="default/trainer"][data-fresh="true"]');
    const choice = (node: string) => page.locator(`#node-choices button[data-node="${node}"]`);
    // what is free on a Node: the browser sums its pods' requests (they are not sent with the Node)
    const freeCpu = async (node: string) => {
      const match = /free ([\d.]+)(m?) cpu/.exec((await choice(node).textContent()) ?? "");
      return match ? Number(match[1]) * (match[2] ? 1 : 1000) : Number.NaN;
    };
    const ssdFree = await freeCpu("ssd-1");
    expect(ssdFree).toBeGreaterThanOrEqual(1000);
    await expect.poll(() => choice("gpu-1").getAttribute("data-verdict")).toBe("feasible");
    for (const node of ["small-1", "small-2", "ssd-1"]) {
      expect(await choice(node).getAttribute("data-verdict"), node).toBe("filtered");
      expect(await choice(node).getAttribute("data-plugin"), node).toBe("NodeAffinity");
      expect(await choice(node).getAttribute("data-reason"), node).toBe(
        "node(s) didn't match Pod's node affinity/selector",
      );
    }
    // the pod card: what kube-scheduler reads of the pod
    await expect.poll(() => page.textContent("#pod-card")).toContain("kubernetes.io/hostname=gpu-1");
    const card = (await page.textContent("#pod-card")) ?? "";
    expect(card).toContain("dedicated=gpu:NoSchedule");
    expect(card).toContain("2 cpu · 8Gi");
    expect(card).toContain("python:3.13-slim");
    // the board lights and dims the same Nodes
    await expect.poll(async () => (await inspect(page))?.guidance?.pod).toBe("default/trainer");
    const trainer = (await inspect(page))?.guidance?.nodes as Record<string, Verdict>;
    expect(trainer["gpu-1"]?.feasible).toBe(true);
    expect(trainer["ssd-1"]).toMatchObject({ feasible: false, plugin: "NodeAffinity" });
    await page.waitForTimeout(400);
    await screenshot(page, "scheduler-select");

    // drag fast-db (nodeSelector disktype=ssd) from the board's tray over small-1, without dropping
    const board = await page.locator(".board").boundingBox();
    if (!board) throw new Error("no board");
    const before = await inspect(page);
    const chip = before?.pods.find((p) => p.key === "default/fast-db");
    const target = before?.cards.find((c) => c.id === "node:small-1");
    if (!chip || !target) throw new Error("fast-db or small-1 not on the board");
    await page.mouse.move(board.x + chip.x + chip.w / 2, board.y + chip.y + chip.h / 2);
    await page.mouse.down();
    await page.mouse.move(board.x + target.x + target.w / 2, board.y + target.y + target.h / 2, {
      steps: 10,
    });
    await expect
      .poll(async () => {
        const g = (await inspect(page))?.guidance;
        return g?.pod === "default/fast-db" && Object.keys(g.nodes).length === 4;
      })
      .toBe(true);
    const dragged = (await inspect(page))?.guidance?.nodes as Record<string, Verdict>;
    expect(dragged["ssd-1"]).toMatchObject({ feasible: true, best: true });
    expect(dragged["gpu-1"]).toMatchObject({
      feasible: false,
      plugin: "TaintToleration",
      reasons: ["node(s) had untolerated taint {dedicated: gpu}"],
    });
    expect(dragged["small-1"]).toMatchObject({ feasible: false, plugin: "NodeAffinity" });
    await page.mouse.move(board.x + target.x + target.w / 2 + 4, board.y + target.y + target.h / 2, {
      steps: 2,
    });
    await expect.poll(() => page.textContent(".drag-ghost")).toContain("node affinity/selector");
    await page.waitForTimeout(500);
    const shot = await inspect(page);
    expect(shot?.pending, "every card drawn before the screenshot").toBe(0);
    await screenshot(page, "scheduler-drag");
    // legible and tidy: no card over another, board text at least 12 px beside the side panel
    expect(overlapping(shot?.cards ?? [])).toEqual([]);
    expect(shot?.minTextPx).toBeGreaterThanOrEqual(12);

    // dropped on a Node the filters reject: asked first; choosing another Node binds nothing
    await page.mouse.up();
    await page.waitForSelector("#confirm-bind");
    expect(await page.textContent("#confirm-bind")).toContain("NodeAffinity");
    await screenshot(page, "scheduler-confirm");
    await page.click("#confirm-bind-no");
    await page.waitForTimeout(300);
    expect(await page.locator('#pending-queue li[data-key="default/fast-db"]').count()).toBe(1);

    // dropped on ssd-1, where it fits: bound, no question
    const ssd = (await inspect(page))?.cards.find((c) => c.id === "node:ssd-1");
    const chip2 = (await inspect(page))?.pods.find((p) => p.key === "default/fast-db");
    if (!ssd || !chip2) throw new Error("ssd-1 or fast-db not on the board");
    await page.mouse.move(board.x + chip2.x + chip2.w / 2, board.y + chip2.y + chip2.h / 2);
    await page.mouse.down();
    await page.mouse.move(board.x + ssd.x + ssd.w / 2, board.y + ssd.y + ssd.h / 2, { steps: 8 });
    await page.mouse.up();
    await page.waitForSelector("#placement-result h3");
    expect(await page.locator("#confirm-bind").count()).toBe(0);
    await expect.poll(() => page.locator('#pending-queue li[data-key="default/fast-db"]').count()).toBe(0);
    // fast-db's request (1 cpu) is no longer free on ssd-1
    await page.click('#pending-queue li[data-key="default/trainer"]');
    await expect.poll(() => freeCpu("ssd-1")).toBe(ssdFree - 1000);
    expect(stage.browser.errors).toEqual([]);
  }, 90_000);
});
