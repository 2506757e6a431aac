import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { BoardInspection } from "../../client/scenes/Cluster.ts";
import { Api, joinInstructor, joinStudent } from "../support/classroom.ts";
import { screenshot } from "./support/screenshot.ts";
import { useStage } from "./support/stage.ts";

/**
 * The teacher's shared screen at 1366x768, and what the students see beside it: names appear as
 * students join; once started the board fills the screen with no card over another and every label
 * at least 14 px on screen; the teacher's fault reaches the ticker; the leaderboard shows over the
 * board on the projector and, without scrolling, on a student's screen; a pause covers everyone's
 * board; the end brings the podium, an Ended header and the debrief and replay links.
 */
const stage = useStage();

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

describe("the projector view", () => {
  it("shows names as they join, a legible board, the leaderboard and the podium", async () => {
    const api = new Api(stage.server.url);
    const session = await api.createSession("scheduling", { speed: 2 });
    const { page, context } = stage.browser;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(
      `${stage.server.url}/instructor/${session.code}/projector#token=${session.instructorToken}`,
    );
    await page.waitForSelector("#projector-code");
    expect(await page.textContent("#projector-code")).toBe(session.code);
    await expect
      .poll(() =>
        page.evaluate(() => (document.getElementById("projector-qr") as HTMLImageElement).naturalWidth),
      )
      .toBeGreaterThan(0);

    // names appear as students join
    const ada = await joinStudent(stage.server.url, session.code, "Ada");
    await expect.poll(() => page.locator("#projector-names li").allTextContents()).toEqual(["Ada"]);
    const grace = await joinStudent(stage.server.url, session.code, "Grace");
    await ada.ask("seat.take", { seat: "kubelet:small-1" });
    await grace.ask("seat.take", { seat: "kubelet:small-2" });
    // a student in the browser too, holding the scheduler seat
    const student = await context.newPage();
    await student.setViewportSize({ width: 1366, height: 768 });
    await student.goto(`${stage.server.url}/join/${session.code}`);
    await student.fill("#join-nickname", "Linus");
    await student.click("#join-submit");
    await student.click('#seats button[data-seat="scheduler"]');
    await student.waitForSelector("#scheduler-heading");
    await expect.poll(() => page.locator("#projector-names li").count()).toBe(3);
    expect(await page.textContent("#projector-count")).toContain("3");
    await page.waitForTimeout(700);
    await screenshot(page, "projector-lobby");

    // running: the board fitted to the screen, legible, nothing overlapping
    await api.action(session.code, session.instructorToken, { type: "session.start" });
    await page.waitForSelector("#projector-game:not([hidden])");
    await expect.poll(async () => (await inspect(page))?.cards.length ?? 0).toBeGreaterThan(5);
    await expect.poll(async () => (await inspect(page))?.pending).toBe(0);
    const board = await inspect(page);
    expect(overlapping(board?.cards ?? [])).toEqual([]);
    expect(board?.cards.every((c) => c.visible)).toBe(true);
    // the legibility check: the smallest text drawn on the board's cards, on screen
    expect(board?.minTextPx, "smallest board text in CSS px").toBeGreaterThanOrEqual(14);
    await expect.poll(() => page.textContent("#projector-timer")).toMatch(/^\d+:\d\d$/);
    expect(await page.locator("#projector-wins li").count()).toBe(4);
    await page.waitForTimeout(500);
    await screenshot(page, "projector-board");

    // the teacher's fault reaches the ticker at once (its Node goes NotReady only 40 s later)
    const teacher = await joinInstructor(stage.server.url, session.code, session.instructorToken);
    const failed = await teacher.ask("command", { command: { type: "FailNode", node: "small-2" } });
    expect(failed.ok).toBe(true);
    await expect.poll(() => page.textContent("#projector-ticker")).toContain("small-2");

    // the leaderboard over the board, integer points; on the student's screen without scrolling
    await api.action(session.code, session.instructorToken, { type: "session.leaderboard", visible: true });
    await page.waitForSelector("#projector-leaderboard-overlay:not([hidden])");
    await expect.poll(() => page.locator("#projector-leaderboard li").count()).toBe(3);
    for (const text of await page.locator("#projector-leaderboard .points").allTextContents())
      expect(text).toMatch(/^[+-]?\d+ pts$/);
    await screenshot(page, "projector-leaderboard");
    await student.waitForSelector("#leaderboard-overlay:not([hidden])");
    const box = await student.locator("#leaderboard-overlay").boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 768, "the leaderboard is above the fold").toBe(true);
    expect(await student.locator("#leaderboard li").count()).toBe(3);
    await screenshot(student, "student-leaderboard");

    // a pause covers the board on the projector and the game on the student's screen
    await api.action(session.code, session.instructorToken, { type: "session.pause" });
    await page.waitForSelector("#pause-overlay:not([hidden])");
    await student.waitForSelector("#pause-overlay:not([hidden])");
    expect(await student.textContent("#pause-overlay")).toContain("Paused");
    await screenshot(student, "student-paused");
    await api.action(session.code, session.instructorToken, { type: "session.resume" });
    await page.waitForSelector("#pause-overlay", { state: "hidden" });

    // the end: the podium on the projector; the header says Ended and the links are there for everyone
    await api.action(session.code, session.instructorToken, { type: "session.end" });
    await page.waitForSelector("#podium");
    expect(await page.locator("#podium .podium-step:not(.empty)").count()).toBe(3);
    expect(await page.textContent("#session-status")).toBe("Ended");
    await page.waitForSelector("#projector-end #open-debrief");
    await page.waitForTimeout(500);
    await screenshot(page, "projector-podium");
    await student.waitForSelector("#open-debrief");
    expect(await student.textContent("#session-status")).toContain("Ended");
    expect(await student.getAttribute("#open-replay", "href")).toMatch(/^\/replay\//);
    await screenshot(student, "student-ended");
    await student.close();
    expect(stage.browser.errors).toEqual([]);
  }, 120_000);
});
