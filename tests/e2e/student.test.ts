import { describe, expect, it } from "vitest";
import { Api } from "../support/classroom.ts";
import { screenshot } from "./support/screenshot.ts";
import { useStage } from "./support/stage.ts";

/**
 * A student in the browser: joins by code, reads the scenario's goals in the lobby, takes the scheduler
 * seat, places the pending pod with the keyboard and sees it Running; a reload keeps the seat; the
 * language switch changes the UI, the server's refusals included.
 */
const stage = useStage();

describe("a student", () => {
  it("joins by code, schedules the pending pod with the keyboard, sees it Running, keeps the seat on reload", async () => {
    const api = new Api(stage.server.url);
    const session = await api.createSession("first-pod", { speed: 10 });
    const { page } = stage.browser;

    // a mistyped code that looks like one: told it belongs to no class, not that it is malformed
    await page.goto(`${stage.server.url}/join`);
    await page.fill("#join-code", "ABCDEF");
    await page.fill("#join-nickname", "Ada");
    await page.click("#join-submit");
    await expect.poll(() => page.textContent("#join-error")).toContain("No class has the code ABCDEF");

    await page.goto(`${stage.server.url}/join/${session.code}`);
    await expect.poll(() => page.inputValue("#join-code")).toBe(session.code);
    await screenshot(page, "join");
    await page.fill("#join-nickname", "Ada");
    await page.click("#join-submit");
    await page.waitForSelector('#seats button[data-seat="scheduler"]');
    // the scenario's learning goals and what wins the match, from the synced session
    await expect.poll(() => page.locator("#lobby-goals li").count()).toBe(4);
    expect(await page.locator("#lobby-win-conditions li").allTextContents()).toEqual([
      "Pod web is Running and Ready",
      "Pod web-2 is Running and Ready",
    ]);
    await screenshot(page, "lobby");

    await page.click('#seats button[data-seat="scheduler"]');
    await page.waitForSelector("#scheduler-heading");
    await api.action(session.code, session.instructorToken, { type: "session.start" });
    await page.waitForSelector("#pending-queue li");
    // keyboard only: the queue, a pod, Enter, then the first node's button
    await page.focus("#pending-queue");
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => page.getAttribute("#pending-queue li", "aria-selected")).toBe("true");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-node")))
      .toBe("worker-1");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#placement-status");
    await expect.poll(() => page.textContent("#placement-status"), { timeout: 20_000 }).toContain("Running");
    await expect
      .poll(() => page.textContent("#placement-result .verdict"), { timeout: 5_000 })
      .toMatch(/\d+\/100/);
    expect(await page.locator("#placement-result table.explain tbody tr").count()).toBe(3);
    await page.waitForTimeout(600);
    await screenshot(page, "scheduler");

    await page.reload();
    await page.waitForSelector("#scheduler-heading");
    await expect.poll(() => page.textContent("#seat-status")).toContain("kube-scheduler");
    await page.waitForTimeout(600);
    await screenshot(page, "reload");

    // the tab closed, the join page again: the same code and nickname on the same device is the same
    // student, back in the seat with the points
    const points = await page.textContent("#seat-status");
    await page.goto(`${stage.server.url}/join`);
    await page.fill("#join-code", session.code);
    await page.fill("#join-nickname", "ada");
    await page.click("#join-submit");
    await page.waitForSelector("#scheduler-heading");
    await expect.poll(() => page.textContent("#seat-status")).toBe(points);
    expect(stage.browser.errors).toEqual([]);
  }, 90_000);

  it("switches the language at any time: English, 繁體中文, 日本語 (Kubernetes terms stay)", async () => {
    const { page } = stage.browser;
    await page.waitForSelector("#scheduler-heading");
    const intro = () => page.textContent("#scheduler-heading + p");
    const english = await intro();
    expect(english).toContain("Pods without a Node");

    await page.selectOption("#language", "zh-TW");
    await expect.poll(() => page.getAttribute("html", "lang")).toBe("zh-TW");
    const chinese = await intro();
    expect(chinese).not.toBe(english);
    expect(chinese).toMatch(/[\u4e00-\u9fff]/);
    expect(chinese).toContain("Pod");
    expect(await page.textContent("#scheduler-heading")).toBe("kube-scheduler");
    await screenshot(page, "language-zh-TW");

    await page.selectOption("#language", "ja");
    await expect.poll(() => page.getAttribute("html", "lang")).toBe("ja");
    const japanese = await intro();
    expect(japanese).not.toBe(chinese);
    expect(japanese).toMatch(/[\u3040-\u30ff]/);
    await screenshot(page, "language-ja");

    // remembered per browser
    await page.reload();
    await page.waitForSelector("#scheduler-heading");
    expect(await page.getAttribute("html", "lang")).toBe("ja");

    // the server's refusals travel as a phrase code: the page words them in its language
    await page.goto(`${stage.server.url}/join/ACDEFG`);
    await page.fill("#join-nickname", "Kenji");
    await page.click("#join-submit");
    await expect
      .poll(() => page.textContent("#join-error"))
      .toBe("このコードのセッションはありません。コードを確認してもう一度お試しください。");
    await page.selectOption("#language", "en");
    await expect.poll(() => page.getAttribute("html", "lang")).toBe("en");
    expect(stage.browser.errors).toEqual([]);
  }, 60_000);
});
