import { describe, expect, it } from "vitest";
import { Api, joinStudent, leaveAll, waitFor } from "../support/classroom.ts";
import { screenshot } from "./support/screenshot.ts";
import { useStage } from "./support/stage.ts";
import { expectTranslated } from "./support/translated.ts";

/**
 * Priority and preemption in the browser, in the priority-preemption scenario: the teacher reclaims a
 * spot node that runs checkout from the faults tab (the provider's notice, the drain, the countdown on
 * the board); the displaced checkout pod fits on no Node, and the student at the scheduler seat preempts
 * batch pods of lower priority (DefaultPreemption's choice, ticked at full help), sees the pod nominated,
 * and binds it there once its victims are gone.
 */
const stage = useStage();

describe("a spot reclaim and a preemption", () => {
  it("the teacher reclaims a spot node; the scheduler preempts batch pods for checkout and binds it", async () => {
    const api = new Api(stage.server.url);
    const session = await api.createSession("priority-preemption", { speed: 5 });
    const { page, context } = stage.browser;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${stage.server.url}/join/${session.code}`);
    await page.fill("#join-nickname", "Grace");
    await page.click("#join-submit");
    await page.waitForSelector('#seats button[data-seat="scheduler"]');
    const watcher = await joinStudent(stage.server.url, session.code, "Watcher");
    const pods = () => [...watcher.room.state.pods.values()];
    await api.action(session.code, session.instructorToken, { type: "session.start" });
    // the bots place checkout and the batch Job first; then the student takes the scheduler's seat
    await waitFor(
      () => pods().length === 8 && pods().every((p) => p.node),
      "checkout and the report Job placed",
      30_000,
    );
    await page.click('#seats button[data-seat="scheduler"]');
    await page.waitForSelector("#scheduler-heading");

    // the teacher takes back a spot node that runs checkout
    const teacher = await context.newPage();
    await teacher.setViewportSize({ width: 1366, height: 768 });
    await teacher.goto(`${stage.server.url}/instructor/${session.code}#token=${session.instructorToken}`);
    await teacher.click("#tab-faults");
    const victimNode = pods().find((p) => p.name.startsWith("checkout-"))?.node ?? "";
    expect(victimNode).not.toBe("");
    await expect
      .poll(() => teacher.locator("#fault-spot option").allTextContents())
      .toContain("node group spot (the provider picks a Node)");
    await teacher.selectOption("#fault-spot", `node:${victimNode}`);
    await teacher.click("#fault-reclaim");
    await expect.poll(() => teacher.textContent("#fault-spot-status")).toContain(victimNode);
    await expect
      .poll(() => teacher.locator(`#fault-spot option[value="node:${victimNode}"]`).textContent())
      .toContain("being reclaimed");
    expect(watcher.room.state.autoscaling.spotReclaims.has(victimNode)).toBe(true);
    await teacher.waitForTimeout(400);
    await screenshot(teacher, "instructor-reclaim-spot");
    await expectTranslated(teacher, "dashboard: faults, a spot reclaim");

    // the displaced checkout pod waits: no Node fits it, preemption would
    const displaced = await waitFor(
      () => pods().find((p) => p.name.startsWith("checkout-") && !p.node && !p.deleting),
      "a checkout pod displaced",
      30_000,
    );
    await page.click(`[id="pq-${displaced.key}"]`);
    const preempt = page.locator("#preempt");
    await preempt.waitFor({ timeout: 15_000 });
    const chosen = preempt.locator(".preempt-node.chosen");
    await chosen.waitFor({ timeout: 15_000 });
    const node = (await chosen.getAttribute("data-node")) ?? "";
    expect(await chosen.locator(".preempt-head").textContent()).toContain("DefaultPreemption's choice");
    const ticked = await chosen.locator("input[type=checkbox]:checked").count();
    expect(ticked).toBeGreaterThan(0);
    for (const label of await chosen.locator(".preempt-victims span").allTextContents())
      expect(label).toContain("priority 100");
    await page.waitForTimeout(300);
    await screenshot(page, "scheduler-preempt");
    await expectTranslated(page, "scheduler: preemption");
    await chosen.locator("button").click();
    await expect.poll(() => page.locator("#preempt-verdict .verdict-value").textContent()).toBe("100/100");
    await expect
      .poll(() => watcher.room.state.pods.get(displaced.key)?.nominatedNode, { timeout: 10_000 })
      .toBe(node);
    await expect.poll(() => page.textContent("#preempt-summary")).toContain(`nominated to ${node}`);
    await page.waitForTimeout(300);
    await screenshot(page, "scheduler-preempted");

    // the victims terminate; the Node fits the pod now: bind it where it was nominated
    const nodeButton = page.locator(`#node-choices button[data-node="${node}"]`);
    await expect.poll(() => nodeButton.getAttribute("data-verdict"), { timeout: 60_000 }).toBe("feasible");
    await nodeButton.click();
    await expect.poll(() => watcher.room.state.pods.get(displaced.key)?.node, { timeout: 10_000 }).toBe(node);
    const judged = [...watcher.room.state.judgements.values()].filter((j) => j.seat === "scheduler");
    expect(judged.map((j) => j.kind)).toEqual(expect.arrayContaining(["preemption", "placement"]));
    await teacher.close();
    await leaveAll(watcher.room);
    expect(stage.browser.errors).toEqual([]);
  }, 150_000);
});
