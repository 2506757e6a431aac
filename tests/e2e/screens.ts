import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { Api, joinStudent } from "../support/classroom.ts";
import { startTestServer } from "../support/server.ts";
import { launchBrowser } from "./support/browser.ts";
import { ensureClientBuilt } from "./support/build.ts";
import { ARTIFACTS } from "./support/screenshot.ts";

/**
 * Screenshots to look at, not a test: a class playing, seen on the teacher's projector and dashboard
 * (1366x768), a student's screen for each role (1280x800) and a phone (390x844), in English, 繁體中文
 * and 日本語, at 1x and 5x. Bots play every seat nobody holds; the browser student plays one role after
 * another. `npx tsx tests/e2e/screens.ts [speed ...]` writes tests/artifacts/screens/*.png.
 */
const OUT = join(ARTIFACTS, "screens");
const LANGUAGES = ["en", "zh-TW", "ja"] as const;
const PROJECTOR = { width: 1366, height: 768 };
const STUDENT = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function setLanguage(page: Page, language: string): Promise<void> {
  if ((await page.getAttribute("html", "lang")) === language) return;
  await page.selectOption("#language", language);
  await page.waitForFunction((l) => document.documentElement.lang === l, language);
}

/** Elements that stick out of the viewport on the right (the outermost ones): a page to scroll sideways. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const limit = window.innerWidth + 1;
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= limit) continue;
      const parent = el.parentElement?.getBoundingClientRect();
      if (parent && parent.right > limit) continue;
      // inside a scroller (a wide table) is fine: it scrolls on its own
      let clipped = false;
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
        if (getComputedStyle(up).overflowX !== "visible") clipped = true;
      if (clipped) continue;
      if (getComputedStyle(el).position === "fixed") continue;
      const cls = typeof el.className === "string" ? el.className.split(" ")[0] : "";
      out.push(
        `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${cls ? `.${cls}` : ""} ${Math.round(r.right)}px`,
      );
    }
    return out.slice(0, 8);
  });
}

async function shoot(page: Page, name: string, settle = 600): Promise<void> {
  await page.bringToFront();
  for (const language of LANGUAGES) {
    await setLanguage(page, language);
    await page.waitForTimeout(settle);
    const { width, height } = page.viewportSize() ?? { width: 0, height: 0 };
    await page.screenshot({ path: join(OUT, `${name}-${language}-${width}x${height}.png`) });
    const wide = await overflowing(page);
    if (wide.length) console.log(`${name} ${language}: wider than the screen: ${wide.join(", ")}`);
  }
}

async function takeSeat(page: Page, seat: string, heading: string): Promise<void> {
  if (await page.isVisible("#leave-seat")) {
    await page.click("#leave-seat");
    await page.waitForSelector("#seats button[data-seat]");
  }
  await page.click(`#seats button[data-seat="${seat}"]`);
  await page.waitForSelector(heading);
}

async function main(speeds: number[]): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await ensureClientBuilt();
  const server = await startTestServer();
  const browser = await launchBrowser();
  const api = new Api(server.url);
  try {
    for (const speed of speeds) {
      const tag = `${speed}x`;
      const session = await api.createSession("scheduling", { speed });
      const { code, instructorToken: token } = session;
      const teacher = browser.page;
      await teacher.setViewportSize(PROJECTOR);
      await teacher.goto(`${server.url}/instructor/${code}#token=${token}`);
      await teacher.waitForSelector("#session-start");
      const projector = await browser.context.newPage();
      await projector.setViewportSize(PROJECTOR);
      await projector.goto(`${server.url}/instructor/${code}/projector#token=${token}`);
      await projector.waitForSelector("#projector-code");
      for (const nickname of ["Grace", "Linus", "Margaret", "Ken"])
        await joinStudent(server.url, code, nickname);

      const student = await browser.context.newPage();
      await student.setViewportSize(STUDENT);
      await student.goto(`${server.url}/join/${code}`);
      await student.fill("#join-nickname", "Ada");
      await student.click("#join-submit");
      await student.waitForSelector("#seats button[data-seat]");
      const phone = await browser.context.newPage();
      await phone.setViewportSize(PHONE);
      await phone.goto(`${server.url}/join/${code}`);
      await shoot(phone, `${tag}-phone-join`);
      await phone.fill("#join-nickname", "Barbara");
      await phone.click("#join-submit");
      await phone.waitForSelector("#seats button[data-seat]");
      await shoot(projector, `${tag}-projector-lobby`);
      await shoot(student, `${tag}-student-lobby`);
      await shoot(phone, `${tag}-phone-lobby`);
      await shoot(teacher, `${tag}-dashboard-lobby`);

      // the student schedules, the phone is a kubelet; bots play the rest
      await takeSeat(student, "scheduler", "#scheduler-heading");
      await takeSeat(phone, "kubelet:small-1", "#kubelet-heading");
      await teacher.click("#session-start");
      await student.waitForSelector("#pending-queue li", { timeout: 20_000 });
      // trainer: one Node fits (gpu-1), the others are ruled out for three different reasons
      await student.click("#pending-queue li:has-text('trainer')");
      await student.waitForSelector("#node-choices button[data-verdict]");
      await shoot(student, `${tag}-student-scheduler-selected`);
      await shoot(projector, `${tag}-projector-running`);
      await student.click("#node-choices button.feasible");
      await student.waitForSelector("#placement-result .verdict", { timeout: 15_000 }).catch(() => {});
      await shoot(student, `${tag}-student-scheduler-placed`);
      // the rest of the queue: each Pod onto a Node that fits, when one does
      for (let round = 0; round < 6; round++) {
        const items = student.locator("#pending-queue li");
        let placed = false;
        for (let i = 0; i < (await items.count()) && !placed; i++) {
          await items.nth(i).click();
          await student.waitForTimeout(300);
          const fit = student.locator("#node-choices button.feasible").first();
          if (await fit.count()) {
            await fit.click();
            placed = true;
          }
        }
        if (!placed) break;
        await student.waitForTimeout(300);
      }
      await shoot(student, `${tag}-student-scheduler-queue-left`);
      await shoot(phone, `${tag}-phone-kubelet`);
      const pull = phone.locator('#kubelet-pods button[data-action="pull"]:not([disabled])').first();
      if (await pull.isVisible()) await pull.click();
      await phone.waitForTimeout(1500);
      await shoot(phone, `${tag}-phone-kubelet-pulling`);
      await takeSeat(student, "kubelet:small-2", "#kubelet-heading");
      await student.waitForTimeout(1000);
      await shoot(student, `${tag}-student-kubelet`);
      await takeSeat(student, "controller-manager", "#cm-heading");
      await shoot(student, `${tag}-student-controller-manager`);
      await takeSeat(student, "kube-proxy:small-1", "#proxy-heading");
      await shoot(student, `${tag}-student-kube-proxy`);
      await takeSeat(student, "user", "#user-heading");
      await student.fill("#console-input", "get pods -o wide");
      await student.press("#console-input", "Enter");
      await student.waitForSelector("#console-output .console-entry");
      await shoot(student, `${tag}-student-user`);

      await teacher.click("#tab-faults");
      await teacher.selectOption("#fault-node", "small-2");
      await teacher.click("#fault-fail-node");
      await shoot(teacher, `${tag}-dashboard-faults`);
      await teacher.click("#tab-class");
      await teacher.click("#session-leaderboard");
      await projector.waitForSelector("#projector-leaderboard-overlay:not([hidden])");
      await shoot(projector, `${tag}-projector-leaderboard`);
      await shoot(teacher, `${tag}-dashboard-class`);
      await shoot(phone, `${tag}-phone-leaderboard`);
      await teacher.click("#session-pause");
      await student.waitForSelector("#pause-overlay:not([hidden])");
      await shoot(student, `${tag}-student-paused`);
      await shoot(phone, `${tag}-phone-paused`);
      await teacher.click("#session-resume");
      teacher.once("dialog", (d) => void d.accept());
      await teacher.click("#session-end");
      await projector.waitForSelector("#podium");
      await student.waitForSelector("#open-debrief", { timeout: 15_000 });
      await shoot(projector, `${tag}-projector-podium`);
      await shoot(student, `${tag}-student-ended`);
      await shoot(phone, `${tag}-phone-ended`);
      await teacher.waitForSelector("#open-replay", { timeout: 15_000 });
      await shoot(teacher, `${tag}-dashboard-ended`);
      const replay = (await teacher.getAttribute("#open-replay", "href")) ?? "";
      await teacher.goto(`${server.url}${replay}`);
      await teacher.waitForSelector("html[data-replay-ready]", { timeout: 30_000 });
      await shoot(teacher, `${tag}-replay`);
      await teacher.goto(`${server.url}${replay.replace("/replay/", "/debrief/")}`);
      await teacher.waitForSelector("#debrief-outcome", { timeout: 30_000 });
      await shoot(teacher, `${tag}-debrief`);
      await teacher.goto(`${server.url}/matches`);
      await teacher.waitForSelector("#match-rows tr");
      await shoot(teacher, `${tag}-matches`);
      for (const page of [projector, student, phone]) await page.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

const speeds = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
await main(speeds.length ? speeds : [1, 5]);
console.log(`screenshots in ${OUT}`);
