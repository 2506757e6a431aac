import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { BoardInspection } from "../../client/scenes/Cluster.ts";
import { Api, joinStudent, leaveAll, waitFor } from "../support/classroom.ts";
import { screenshot } from "./support/screenshot.ts";
import { useStage } from "./support/stage.ts";
import { expectTranslated } from "./support/translated.ts";

/**
 * The autoscaler seat in the browser, in the autoscaling scenario: a student reads the lobby's card of
 * the seat, takes it, follows the HPA's recommendation through the sale's surge (Rescale), and when the
 * shop's pods fit on no Node, grows the node group (ScaleUpNodeGroup): the machines boot, join, and the
 * Pending pods are placed. Each move comes back judged against the bots.
 */
const stage = useStage();

const inspect = (page: Page) =>
  page.evaluate(() => window.kubeclassBoard?.inspect()) as Promise<BoardInspection | undefined>;

function overlapping(cards: BoardInspection["cards"]): string[] {
  const out: string[] = [];
  for (const [i, a] of cards.entries())
    for (const b of cards.slice(i + 1))
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
        out.push(`${a.id}/${b.id}`);
  return out;
}

describe("an autoscaler player", () => {
  it("rescales the HPA's target and scales a node group up for the Pending pods", async () => {
    const api = new Api(stage.server.url);
    const session = await api.createSession("autoscaling", { speed: 10 });
    const { page } = stage.browser;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${stage.server.url}/join/${session.code}`);
    await page.fill("#join-nickname", "Ada");
    await page.click("#join-submit");
    const card = page.locator('#seats li:has(button[data-seat="autoscaler"])');
    await card.waitFor();
    expect(await card.locator("h3").textContent()).toBe("cluster-autoscaler · HPA");
    expect(await card.locator(".role-text").textContent()).toContain("node group");
    expect(await card.locator(".scores-text").textContent()).toContain("How you score");
    await page.click('#seats button[data-seat="autoscaler"]');
    await page.waitForSelector("#as-heading");
    const watcher = await joinStudent(stage.server.url, session.code, "Watcher");
    await api.action(session.code, session.instructorToken, { type: "session.start" });

    const hpa = () => watcher.room.state.horizontalPodAutoscalers.get("default/shop");
    const group = () => watcher.room.state.autoscaling.nodeGroups.get("general");
    // pods the scheduler found no room for (not the ones it has yet to look at)
    const pending = () =>
      [...watcher.room.state.pods.values()].filter(
        (p) => !p.node && !p.deleting && p.message.includes("Insufficient"),
      ).length;
    await expect.poll(() => page.locator("#as-groups .as-group-head").textContent()).toContain("m5.large");
    expect(await page.locator("#as-groups .as-node").count()).toBe(2);

    // the sale: the HPA measures the CPU and wants more pods; the student sets them, again and again
    const article = page.locator('#as-hpas article[data-hpa="default/shop"]');
    let rescales = 0;
    while (pending() === 0) {
      await waitFor(
        () => (hpa()?.desiredReplicas ?? 0) > (hpa()?.currentReplicas ?? 0),
        "the HPA wanting more replicas",
        60_000,
      );
      await expect.poll(() => article.locator(".as-hpa-formula").textContent()).toContain("ceil(");
      // the HPA's algorithm, as the panel shows it: ceil(current × utilization / target), within min..max
      const h = hpa();
      const wanted = h
        ? Math.min(h.maxReplicas, Math.ceil((h.currentReplicas * h.currentUtilization) / h.targetUtilization))
        : 0;
      await page.fill('input[aria-label="replicas of shop"]', String(wanted));
      await page.click('button[aria-label="Rescale shop"]');
      await expect.poll(() => hpa()?.currentReplicas, { timeout: 20_000 }).toBe(wanted);
      rescales++;
      if (rescales === 1) {
        await expect.poll(() => page.locator("#as-verdict .verdict-value").textContent()).toMatch(/\/100$/);
        await page.waitForTimeout(300);
        await screenshot(page, "autoscaler-rescale");
      }
      await page.waitForTimeout(500);
      if (rescales > 6) break;
    }
    expect(pending(), "pods Pending after the rescales").toBeGreaterThan(0);
    await expect.poll(() => page.locator("#as-pending li").count()).toBeGreaterThan(0);

    // the pods fit nowhere: the node group grows
    await page.fill('input[aria-label="Nodes to add to general"]', "2");
    await page.click('button[aria-label="ScaleUpNodeGroup general"]');
    await expect.poll(() => group()?.upcoming).toBe(2);
    await expect.poll(() => page.locator("#as-groups .as-group-size").textContent()).toContain("booting");
    await expect
      .poll(() => page.locator("#as-verdict code").textContent(), { timeout: 10_000 })
      .toBe("general");
    await page.waitForTimeout(400);
    await screenshot(page, "autoscaler-scale-up");
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.selectOption("#language", "ja");
    await expect.poll(() => page.getAttribute("html", "lang")).toBe("ja");
    await page.waitForTimeout(500);
    await screenshot(page, "autoscaler-scale-up-ja-1280");
    await page.selectOption("#language", "en");
    await expectTranslated(page, "autoscaler");

    // the projector at 1366x768: the autoscalers' card and the machines booting, legible, apart
    const projector = await stage.browser.context.newPage();
    await projector.setViewportSize({ width: 1366, height: 768 });
    await projector.goto(
      `${stage.server.url}/instructor/${session.code}/projector#token=${session.instructorToken}`,
    );
    await projector.waitForSelector("#projector-game:not([hidden])");
    await expect
      .poll(async () => (await inspect(projector))?.cards.map((c) => c.id) ?? [])
      .toEqual(
        expect.arrayContaining([
          "autoscaler",
          ...[...watcher.room.state.autoscaling.pendingNodes.keys()].map((n) => `node:${n}`),
        ]),
      );
    await expect.poll(async () => (await inspect(projector))?.pending).toBe(0);
    const board = await inspect(projector);
    expect(overlapping(board?.cards ?? [])).toEqual([]);
    expect(board?.cards.every((c) => c.visible)).toBe(true);
    expect(board?.minTextPx, "smallest board text in CSS px").toBeGreaterThanOrEqual(14);
    await screenshot(projector, "projector-autoscaling");
    await projector.close();
    await page.bringToFront();

    // ninety simulated seconds later the machines have joined and the Pending pods are placed
    await expect.poll(() => group()?.nodes, { timeout: 30_000 }).toBe(4);
    await expect.poll(() => page.locator("#as-groups .as-node").count()).toBe(4);
    await expect
      .poll(() => [...watcher.room.state.pods.values()].filter((p) => !p.node).length, { timeout: 30_000 })
      .toBe(0);
    const judged = [...watcher.room.state.judgements.values()].filter(
      (j) => j.seat === "autoscaler" && j.kind === "autoscale",
    );
    expect(judged.length).toBe(rescales + 1);
    await leaveAll(watcher.room);
    expect(stage.browser.errors).toEqual([]);
  }, 150_000);
});
