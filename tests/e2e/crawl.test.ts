import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { Api, joinStudent, waitFor } from "../support/classroom.ts";
import { ARTIFACTS } from "./support/screenshot.ts";
import { useStage } from "./support/stage.ts";
import { type CrawlLanguage, findUntranslated } from "./support/untranslated.ts";

/**
 * Every screen crawled in 繁體中文 and 日本語, and no interface string left in English
 * (support/untranslated.ts says how it is found; Kubernetes' own words are exempt where the page marks
 * them translate="no"). One browser, three pages (the teacher's dashboard, the projector, a student),
 * two sessions at 10x: the student plays each role in turn while the teacher pauses, freezes, hints,
 * fails a Node and ends; then the matches, the replay and the debrief of the match.
 */
const stage = useStage((stage) => {
  stage.browser.page.on("dialog", (d) => void d.accept());
});

const LANGUAGES: CrawlLanguage[] = ["zh-TW", "ja"];
const findings: string[] = [];
const covered: string[] = [];
afterAll(() => {
  // what was crawled and found, even when a step failed half-way
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, "crawl.txt"), `crawled: ${covered.join(", ")}\n\n${findings.join("\n")}\n`);
});

async function setLanguage(page: Page, language: string): Promise<void> {
  if ((await page.getAttribute("html", "lang")) === language) return;
  await page.selectOption("#language", language);
  await expect.poll(() => page.getAttribute("html", "lang")).toBe(language);
}

/** Checks the screen as it stands in each language (the page's renders follow the switch). */
async function crawl(page: Page, screen: string): Promise<void> {
  // a page in the background gets no animation frames, so it neither renders nor repaints its board:
  // the test brings to the front the page it waits on or reads
  await page.bringToFront();
  for (const language of LANGUAGES) {
    await setLanguage(page, language);
    // panels re-render on their own clocks (100-250 ms) and the board repaints its cards
    await page.waitForTimeout(450);
    for (const f of await findUntranslated(page, language)) {
      const what = f.check === "catalog" ? `catalog ${f.what}` : `"${f.what}"`;
      findings.push(`${screen} [${language}] ${f.where}: ${what} in ${JSON.stringify(f.text.slice(0, 160))}`);
    }
  }
  await setLanguage(page, "zh-TW");
  covered.push(screen);
}

async function joinInBrowser(page: Page, code: string, nickname: string): Promise<void> {
  await page.goto(`${stage.server.url}/join/${code}`);
  await page.fill("#join-nickname", nickname);
  await page.click("#join-submit");
  await page.waitForSelector("#seats button[data-seat]");
}

async function takeSeat(page: Page, seat: string, heading: string): Promise<void> {
  if (await page.isVisible("#leave-seat")) {
    await page.click("#leave-seat");
    await page.waitForSelector("#seats button[data-seat]");
  }
  await page.click(`#seats button[data-seat="${seat}"]`);
  await page.waitForSelector(heading);
}

describe("every screen in 繁體中文 and 日本語", () => {
  it("shows no untranslated interface string", async () => {
    const api = new Api(stage.server.url);
    const { page: teacher, context } = stage.browser;
    const url = stage.server.url;

    // --- the join page, a refused code --------------------------------------------------------------
    await teacher.goto(`${url}/`);
    await teacher.waitForSelector("#join-code");
    // the check itself: the same page in English is full of what it looks for
    await setLanguage(teacher, "en");
    const english = await findUntranslated(teacher, "ja");
    expect(english.filter((f) => f.check === "catalog").length).toBeGreaterThan(10);
    expect(english.filter((f) => f.check === "english").length).toBeGreaterThan(0);
    await setLanguage(teacher, "zh-TW");
    await crawl(teacher, "join");
    await teacher.fill("#join-code", "ABCDEF");
    await teacher.fill("#join-nickname", "Ada");
    await teacher.click("#join-submit");
    await expect.poll(() => teacher.textContent("#join-error")).not.toBe("");
    await crawl(teacher, "join: unknown code");
    await teacher.goto(`${url}/nowhere`);
    await teacher.waitForSelector("main h1");
    await crawl(teacher, "not found");
    await teacher.goto(`${url}/instructor/ACDEFG`);
    await teacher.waitForSelector("main .form-error");
    await crawl(teacher, "dashboard without its link");

    // --- the teacher creates a session --------------------------------------------------------------
    await teacher.goto(`${url}/instructor`);
    await teacher.waitForSelector("#scenario-services");
    await crawl(teacher, "create");
    await teacher.click("details.own-scenario summary");
    await teacher.fill(
      "#scenario-yaml",
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\nspec:\n  containers:\n    - name: app\n---\nkind: [\n",
    );
    await teacher.waitForSelector("#scenario-validation .form-error", { timeout: 10_000 });
    await crawl(teacher, "create: own scenario with errors");
    await teacher.check("#scenario-services");
    await teacher.fill("#opt-speed", "10");
    await teacher.click("#create-submit");
    await teacher.waitForSelector("#session-start");
    const code = (await teacher.textContent("#join-code-display")) ?? "";
    const token = new URLSearchParams(new URL(teacher.url()).hash.slice(1)).get("token") ?? "";
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
    for (const tab of ["class", "seats", "faults", "events"]) {
      await teacher.click(`#tab-${tab}`);
      await crawl(teacher, `dashboard (lobby): ${tab}`);
    }
    await teacher.click("#tab-class");

    // --- the projector and a student in the lobby ---------------------------------------------------
    const projector = await context.newPage();
    await projector.goto(`${url}/instructor/${code}/projector#token=${token}`);
    await projector.bringToFront();
    await projector.waitForSelector("#projector-code");
    const student = await context.newPage();
    await joinInBrowser(student, code, "Ada");
    // two classmates over the SDK, for the leaderboard and the podium
    for (const [nickname, seat] of [
      ["Grace", "kubelet:worker-2"],
      ["Linus", "kubelet:worker-3"],
    ] as const) {
      const classmate = await joinStudent(url, code, nickname);
      await classmate.ask("seat.take", { seat });
    }
    await projector.bringToFront();
    await expect.poll(() => projector.locator("#projector-names li").count()).toBe(3);
    await crawl(projector, "projector: lobby");
    await crawl(student, "lobby");

    // --- the student plays the scheduler ------------------------------------------------------------
    await takeSeat(student, "scheduler", "#scheduler-heading");
    await teacher.click("#session-start");
    await student.bringToFront();
    await student.waitForSelector("#pending-queue li", { timeout: 20_000 });
    await student.click("#pending-queue li");
    await student.waitForSelector("#pod-card");
    await expect
      .poll(() => student.locator("#node-choices button[data-verdict]").count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await crawl(student, "play: scheduler, a Pod selected");
    await student.click("#node-choices button.feasible");
    await student.bringToFront();
    await student.waitForSelector("#placement-result table.explain", { timeout: 15_000 });
    await crawl(student, "play: scheduler, after a placement");

    // --- the kubelet, the controller manager, kube-proxy, the user ---------------------------------
    // a Pod with an init container and a readiness probe on worker-1, for the kubelet's new steps
    await takeSeat(student, "user", "#user-heading");
    await student.click("#tab-yaml");
    await student.fill(
      "#yaml-editor",
      [
        "apiVersion: v1",
        "kind: Pod",
        "metadata: {name: probed}",
        "spec:",
        "  nodeName: worker-1",
        "  initContainers:",
        '    - {name: setup, image: "busybox:1.36", command: [sh, -c, "echo ready"]}',
        "  containers:",
        "    - name: web",
        '      image: "nginx:1.27"',
        "      readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 60}",
      ].join("\n"),
    );
    await student.click("#yaml-apply");
    await student.bringToFront();
    await student.waitForSelector("#apply-result.ok");
    await takeSeat(student, "kubelet:worker-1", "#kubelet-heading");
    await student.bringToFront();
    await student.waitForSelector("#kubelet-pods article", { timeout: 20_000 });
    const probed = student.locator("#kubelet-pods article", { hasText: "probed" });
    await probed.waitFor({ timeout: 20_000 });
    await crawl(student, "play: kubelet, an init container first");
    // pull and start until the app runs: its readiness probe is then due
    for (
      let i = 0;
      i < 8 && !(await probed.locator('button[data-action="probe"]:not([disabled])').count());
      i++
    ) {
      const next = probed.locator(".c-actions button:not([disabled])").first();
      if (await next.count()) await next.click();
      await student.waitForTimeout(500);
    }
    await probed.locator('button[data-action="probe"]:not([disabled])').waitFor({ timeout: 20_000 });
    await crawl(student, "play: kubelet");
    await takeSeat(student, "controller-manager", "#cm-heading");
    await student.bringToFront();
    await student.waitForSelector("#workloads article");
    await crawl(student, "play: controller manager");
    await takeSeat(student, "kube-proxy:worker-1", "#proxy-heading");
    await student.bringToFront();
    await student.waitForSelector("#proxy-services article");
    await crawl(student, "play: kube-proxy");
    await takeSeat(student, "user", "#user-heading");
    await student.fill("#console-input", "get pods");
    await student.press("#console-input", "Enter");
    await student.fill("#console-input", "scale deployment nope --replicas=2");
    await student.press("#console-input", "Enter");
    await student.bringToFront();
    await expect.poll(() => student.locator("#console-output .console-entry").count()).toBe(2);
    await crawl(student, "play: user, kubectl");
    await student.click("#tab-yaml");
    await student.fill(
      "#yaml-editor",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec: {}\n",
    );
    await student.click("#yaml-apply");
    await student.bringToFront();
    await student.waitForSelector("#apply-result.bad");
    await crawl(student, "play: user, YAML with errors");

    // --- the teacher fails a Node, shows the leaderboard, sends a hint -----------------------------
    await teacher.click("#tab-faults");
    await teacher.selectOption("#fault-node", "worker-3");
    await teacher.click("#fault-fail-node");
    // at 10x the ticker chatters, but the teacher's fault stays up
    await projector.bringToFront();
    await expect.poll(() => projector.textContent("#projector-ticker")).toContain("worker-3");
    await teacher.click("#tab-class");
    await teacher.click("#session-leaderboard");
    await projector.bringToFront();
    await projector.waitForSelector("#projector-leaderboard-overlay:not([hidden])");
    await student.bringToFront();
    await student.waitForSelector("#leaderboard-overlay:not([hidden])");
    await teacher.fill("#hint-text-input", "Look at worker-3.");
    await teacher.click("#hint-send");
    await student.bringToFront();
    await student.waitForSelector(".hint-box:not([hidden])");
    await crawl(student, "play: leaderboard and a hint");
    await crawl(projector, "projector: running, leaderboard");
    for (const tab of ["class", "seats", "faults", "events"]) {
      await teacher.click(`#tab-${tab}`);
      await crawl(teacher, `dashboard (running): ${tab}`);
    }
    await teacher.click("#tab-class");

    // --- pause: the overlay everywhere, a move refused; then a freeze ------------------------------
    await teacher.click("#session-pause");
    await student.bringToFront();
    await student.waitForSelector("#pause-overlay:not([hidden])");
    await takeSeat(student, "controller-manager", "#cm-heading");
    await student.waitForSelector("#pause-overlay:not([hidden])");
    await student
      .locator("#workloads .wl-replicaset button", { hasText: "CreateReplica" })
      .first()
      .dispatchEvent("click");
    await student.waitForSelector(".toast-error");
    await crawl(student, "play: paused, a move refused");
    await crawl(projector, "projector: paused");
    await crawl(teacher, "dashboard: paused");
    await teacher.click("#session-resume");
    await teacher.click("#freeze");
    await student.bringToFront();
    await student.waitForSelector('#pause-overlay[data-state="frozen"]:not([hidden])');
    await crawl(student, "play: frozen");
    await teacher.click("#freeze");

    // --- the end --------------------------------------------------------------------------------------
    await teacher.click("#session-end");
    await student.bringToFront();
    await student.waitForSelector("#open-debrief", { timeout: 15_000 });
    await projector.bringToFront();
    await projector.waitForSelector("#podium");
    await projector.waitForSelector("#projector-end #open-debrief");
    await teacher.waitForSelector("#open-replay", { timeout: 15_000 });
    await crawl(student, "play: ended");
    await crawl(projector, "projector: podium");
    await crawl(teacher, "dashboard: ended");

    // --- the matches, the replay, the debrief ------------------------------------------------------
    await teacher.goto(`${url}/matches`);
    await teacher.waitForSelector("#match-rows tr");
    await crawl(teacher, "matches");
    const replayHref = (await teacher.getAttribute("#match-rows tr a[href^='/replay/']", "href")) ?? "";
    await teacher.goto(`${url}${replayHref}`);
    await teacher.waitForSelector("html[data-replay-ready]", { timeout: 30_000 });
    await teacher.click(".marker-details summary");
    await teacher.selectOption("#replay-view-as", "scheduler");
    const end = (await teacher.getAttribute("#replay-scrub", "max")) ?? "0";
    await teacher.locator("#replay-scrub").fill(end);
    await teacher.waitForSelector("#replay-moves li");
    await teacher.waitForSelector("#replay-moves .cmp:not(:empty)");
    await crawl(teacher, "replay");
    await teacher.goto(`${url}${replayHref.replace("/replay/", "/debrief/")}`);
    await teacher.waitForSelector("#debrief-outcome", { timeout: 30_000 });
    await crawl(teacher, "debrief");

    // a short second session, ended at once: what a match that nobody played shows
    const quiet = await api.createSession("first-pod", { speed: 10 });
    await api.action(quiet.code, quiet.instructorToken, { type: "session.start" });
    await waitFor(() => true, "a moment");
    await api.action(quiet.code, quiet.instructorToken, { type: "session.end" });
    await teacher.goto(`${url}/matches`);
    await teacher.waitForSelector(`#match-rows tr:nth-child(2)`);
    await teacher.goto(
      `${url}${(await teacher.getAttribute("#match-rows tr a[href^='/debrief/']", "href")) ?? ""}`,
    );
    await teacher.waitForSelector("#debrief-outcome", { timeout: 30_000 });
    await crawl(teacher, "debrief: nobody played");

    await student.close();
    await projector.close();
    expect(covered).toHaveLength(37);
    expect(findings, `untranslated:\n${findings.join("\n")}`).toEqual([]);
    expect(stage.browser.errors).toEqual([]);
  }, 300_000);
});
