import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { Api, joinStudent } from "../support/classroom.ts";
import { startTestServer } from "../support/server.ts";
import { launchBrowser } from "./support/browser.ts";
import { ensureClientBuilt } from "./support/build.ts";
import { ARTIFACTS } from "./support/screenshot.ts";

/**
 * Screenshots to look at, not a test (as screens.ts): the four scenarios of the new workloads and
 * scaling, each seen on the projector (1366x768), a student's screen at the seat that plays the new part
 * (1366x768 and 1280x800) and the teacher's faults tab, in English, 繁體中文 and 日本語.
 * `npx tsx tests/e2e/screensScaling.ts` writes tests/artifacts/screens-scaling/*.png.
 */
const OUT = join(ARTIFACTS, "screens-scaling");
const LANGUAGES = ["en", "zh-TW", "ja"] as const;
const PROJECTOR = { width: 1366, height: 768 };
const STUDENT = { width: 1280, height: 800 };

async function setLanguage(page: Page, language: string): Promise<void> {
  if ((await page.getAttribute("html", "lang")) === language) return;
  await page.selectOption("#language", language);
  await page.waitForFunction((l) => document.documentElement.lang === l, language);
}

async function shoot(page: Page, name: string, sizes = [PROJECTOR]): Promise<void> {
  await page.bringToFront();
  for (const size of sizes) {
    await page.setViewportSize(size);
    for (const language of LANGUAGES) {
      await setLanguage(page, language);
      await page.waitForTimeout(600);
      await page.screenshot({ path: join(OUT, `${name}-${language}-${size.width}x${size.height}.png`) });
    }
  }
  await setLanguage(page, "en");
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await ensureClientBuilt();
  const server = await startTestServer();
  const browser = await launchBrowser();
  const api = new Api(server.url);
  const play = async (scenario: string, seat: string, heading: string, speed: number) => {
    const session = await api.createSession(scenario, { speed });
    const projector = await browser.context.newPage();
    await projector.setViewportSize(PROJECTOR);
    await projector.goto(
      `${server.url}/instructor/${session.code}/projector#token=${session.instructorToken}`,
    );
    await projector.waitForSelector("#projector-code");
    const teacher = await browser.context.newPage();
    await teacher.setViewportSize(PROJECTOR);
    await teacher.goto(`${server.url}/instructor/${session.code}#token=${session.instructorToken}`);
    await teacher.waitForSelector("#session-start");
    const student = await browser.context.newPage();
    await student.setViewportSize(PROJECTOR);
    await student.goto(`${server.url}/join/${session.code}`);
    await student.fill("#join-nickname", "Ada");
    await student.click("#join-submit");
    await student.waitForSelector("#seats button[data-seat]");
    const watcher = await joinStudent(server.url, session.code, "Watcher");
    await student.click(`#seats button[data-seat="${seat}"]`);
    await student.waitForSelector(heading);
    await teacher.click("#session-start");
    return { session, projector, teacher, student, watcher };
  };
  try {
    // autoscaling: the student is the autoscaler; the surge at one minute
    {
      const { projector, student, watcher, teacher } = await play(
        "autoscaling",
        "autoscaler",
        "#as-heading",
        10,
      );
      await student.waitForTimeout(9000);
      const hpa = watcher.room.state.horizontalPodAutoscalers.get("default/shop");
      if (hpa) {
        await student.fill('input[aria-label="replicas of shop"]', "12");
        await student.click('button[aria-label="Rescale shop"]');
      }
      await student.waitForTimeout(2500);
      await student.click('button[aria-label="ScaleUpNodeGroup general"]');
      await student.waitForTimeout(1500);
      await shoot(student, "autoscaling-student", [PROJECTOR, STUDENT]);
      await shoot(projector, "autoscaling-projector");
      for (const page of [projector, student, teacher]) await page.close();
    }
    // priority-preemption: the student schedules after the first placements; the timeline reclaims at 2 min
    {
      const session = await api.createSession("priority-preemption", { speed: 10 });
      const projector = await browser.context.newPage();
      await projector.setViewportSize(PROJECTOR);
      await projector.goto(
        `${server.url}/instructor/${session.code}/projector#token=${session.instructorToken}`,
      );
      const teacher = await browser.context.newPage();
      await teacher.setViewportSize(PROJECTOR);
      await teacher.goto(`${server.url}/instructor/${session.code}#token=${session.instructorToken}`);
      await teacher.waitForSelector("#session-start");
      const student = await browser.context.newPage();
      await student.setViewportSize(PROJECTOR);
      await student.goto(`${server.url}/join/${session.code}`);
      await student.fill("#join-nickname", "Grace");
      await student.click("#join-submit");
      await student.waitForSelector("#seats button[data-seat]");
      await teacher.click("#session-start");
      await student.waitForTimeout(3000);
      await student.click('#seats button[data-seat="scheduler"]');
      await student.waitForSelector("#scheduler-heading");
      await teacher.click("#tab-faults");
      await teacher.click("#fault-reclaim");
      await student.waitForSelector("#pending-queue li", { timeout: 30_000 });
      await student.click("#pending-queue li");
      await student.waitForSelector("#preempt:not([hidden])", { timeout: 15_000 }).catch(() => {});
      await student
        .locator("#preempt")
        .scrollIntoViewIfNeeded()
        .catch(() => {});
      await shoot(student, "preemption-student", [PROJECTOR, STUDENT]);
      await shoot(projector, "preemption-projector");
      await shoot(teacher, "preemption-teacher-faults");
      for (const page of [projector, student, teacher]) await page.close();
    }
    // daemonsets: the controller manager's panel; the board with its DaemonSet pods
    {
      const { projector, student, teacher } = await play(
        "daemonsets",
        "controller-manager",
        "#cm-heading",
        10,
      );
      await student.waitForTimeout(7000);
      await student.locator("#other-controllers").scrollIntoViewIfNeeded();
      await shoot(student, "daemonsets-controller-manager", [STUDENT]);
      await shoot(projector, "daemonsets-projector");
      for (const page of [projector, student, teacher]) await page.close();
    }
    // statefulset: an upgrade the student drains
    {
      const { projector, student, teacher } = await play("statefulset", "user", "#user-heading", 10);
      await student.waitForTimeout(15000);
      await teacher.click("#tab-faults");
      await teacher.selectOption("#fault-upgrade-nodes", "worker-2");
      await teacher.selectOption("#fault-upgrade-drain", "user");
      await teacher.click("#fault-upgrade");
      await student.fill("#console-input", "drain worker-2 --ignore-daemonsets");
      await student.press("#console-input", "Enter");
      await student.waitForTimeout(1500);
      await shoot(student, "statefulset-user-drain", [STUDENT]);
      await shoot(projector, "statefulset-projector");
      await teacher.locator("#fault-upgrade").scrollIntoViewIfNeeded();
      await shoot(teacher, "statefulset-teacher-upgrade");
      for (const page of [projector, student, teacher]) await page.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
console.log(`screenshots in ${OUT}`);
