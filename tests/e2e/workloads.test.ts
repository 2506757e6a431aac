import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { BoardInspection } from "../../client/scenes/Cluster.ts";
import { Api, joinStudent, leaveAll, waitFor } from "../support/classroom.ts";
import { screenshot } from "./support/screenshot.ts";
import { useStage } from "./support/stage.ts";
import { expectTranslated } from "./support/translated.ts";

/**
 * The new workloads where students play them, in the daemonsets and statefulset scenarios: a machine
 * booting shows on the board where its Node will be; when it joins, the scheduler places its DaemonSet
 * pods, which only that Node may take (the controller manager's panel lists the DaemonSets read-only).
 * The teacher upgrades a Node with the drain left to the student at kubectl, who drains it against a
 * PodDisruptionBudget until the kubelet upgrade starts.
 */
const stage = useStage();

const inspect = (page: Page) =>
  page.evaluate(() => window.kubeclassBoard?.inspect()) as Promise<BoardInspection | undefined>;

async function join(page: Page, code: string, nickname: string): Promise<void> {
  await page.goto(`${stage.server.url}/join/${code}`);
  await page.fill("#join-nickname", nickname);
  await page.click("#join-submit");
  await page.waitForSelector("#seats button[data-seat]");
}

describe("DaemonSets", () => {
  it("a joining Node boots on the board, then the scheduler places its DaemonSet pods there", async () => {
    const api = new Api(stage.server.url);
    const session = await api.createSession("daemonsets", { speed: 10 });
    const { page, context } = stage.browser;
    await page.setViewportSize({ width: 1366, height: 768 });
    await join(page, session.code, "Ada");
    const watcher = await joinStudent(stage.server.url, session.code, "Watcher");
    const pods = () => [...watcher.room.state.pods.values()];
    await api.action(session.code, session.instructorToken, { type: "session.start" });
    await waitFor(() => pods().length >= 13 && pods().every((p) => p.node), "the first placements", 30_000);
    await page.click('#seats button[data-seat="scheduler"]');
    await page.waitForSelector("#scheduler-heading");

    // a second student at the controller manager sees the DaemonSets, read-only
    const cm = await context.newPage();
    await cm.setViewportSize({ width: 1280, height: 800 });
    await join(cm, session.code, "Barbara");
    await cm.click('#seats button[data-seat="controller-manager"]');
    await cm.waitForSelector("#cm-heading");
    const shipper = cm.locator('#other-controllers li[data-key="DaemonSet/kube-system/log-shipper"]');
    await expect.poll(() => shipper.textContent()).toContain("DESIRED 3");
    await cm.waitForTimeout(300);
    await screenshot(cm, "controller-manager-daemonsets-1280");
    await expectTranslated(cm, "controller manager: the other controllers");
    await cm.close();

    // worker-4 is asked for at one minute: it boots where it will be
    await page.bringToFront();
    await expect
      .poll(async () => (await inspect(page))?.cards.some((c) => c.id === "node:worker-4"), {
        timeout: 20_000,
      })
      .toBe(true);
    expect(watcher.room.state.nodes.has("worker-4")).toBe(false);
    expect(watcher.room.state.autoscaling.pendingNodes.has("worker-4")).toBe(true);
    await page.waitForTimeout(400);
    await screenshot(page, "daemonsets-booting");

    // it joins: its DaemonSet pods wait for the scheduler, and only worker-4 fits them
    const daemon = await waitFor(
      () => pods().find((p) => !p.node && p.owner.startsWith("DaemonSet/")),
      "a DaemonSet pod for worker-4",
      30_000,
    );
    await page.click(`[id="pq-${daemon.key}"]`);
    const choice = page.locator('#node-choices button[data-node="worker-4"]');
    await expect.poll(() => choice.getAttribute("data-verdict"), { timeout: 10_000 }).toBe("feasible");
    const ruledOut = page.locator('#node-choices button[data-node="worker-1"]');
    expect(await ruledOut.getAttribute("data-plugin")).toBe("NodeAffinity");
    await page.waitForTimeout(300);
    await screenshot(page, "scheduler-daemonset-pod");
    await choice.click();
    await expect
      .poll(() => watcher.room.state.pods.get(daemon.key)?.node, { timeout: 10_000 })
      .toBe("worker-4");
    await leaveAll(watcher.room);
    expect(stage.browser.errors).toEqual([]);
  }, 120_000);
});

describe("a node upgrade drained by the student", () => {
  it("the teacher upgrades worker-2, the student at kubectl drains it against the budget", async () => {
    const api = new Api(stage.server.url);
    const session = await api.createSession("statefulset", { speed: 10 });
    const { page, context } = stage.browser;
    await page.setViewportSize({ width: 1366, height: 768 });
    await join(page, session.code, "Ken");
    await page.click('#seats button[data-seat="user"]');
    await page.waitForSelector("#user-heading");
    const watcher = await joinStudent(stage.server.url, session.code, "Watcher");
    await api.action(session.code, session.instructorToken, { type: "session.start" });
    // five members Running (the StatefulSet grows to five at 100 s, one at a time)
    await waitFor(
      () =>
        [...watcher.room.state.pods.values()].filter(
          (p) => p.name.startsWith("db-") && p.status === "Running",
        ).length === 5,
      "five database members",
      60_000,
    );

    const teacher = await context.newPage();
    await teacher.setViewportSize({ width: 1366, height: 768 });
    await teacher.goto(`${stage.server.url}/instructor/${session.code}#token=${session.instructorToken}`);
    await teacher.click("#tab-faults");
    await teacher.fill("#fault-upgrade-version", "v1.31.9");
    await teacher.selectOption("#fault-upgrade-nodes", "worker-2");
    await teacher.selectOption("#fault-upgrade-drain", "user");
    await teacher.click("#fault-upgrade");
    await expect
      .poll(() => teacher.textContent("#fault-upgrade-status"), { timeout: 10_000 })
      .toContain("worker-2");
    await teacher.waitForTimeout(300);
    await screenshot(teacher, "instructor-upgrade");
    await expectTranslated(teacher, "dashboard: faults, an upgrade");
    await teacher.close();

    // the student drains, again after each 429, until the kubelet upgrade starts
    const upgrade = () => watcher.room.state.autoscaling.upgrade;
    await page.bringToFront();
    for (let i = 0; i < 20 && upgrade().phase !== "upgrading" && upgrade().done === 0; i++) {
      await page.fill("#console-input", "drain worker-2 --ignore-daemonsets");
      await page.press("#console-input", "Enter");
      await page.waitForTimeout(1500);
    }
    expect(await page.locator("#console-output").textContent()).toContain("evicting pod");
    await expect
      .poll(() => upgrade().phase === "upgrading" || upgrade().done === 1, { timeout: 20_000 })
      .toBe(true);
    await page.waitForTimeout(300);
    await screenshot(page, "user-drain-upgrade");
    const drained = [...watcher.room.state.judgements.values()].find((j) => j.kind === "drain");
    expect(drained?.subject).toBe("worker-2");
    await leaveAll(watcher.room);
    expect(stage.browser.errors).toEqual([]);
  }, 150_000);
});
