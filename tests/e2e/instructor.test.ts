import { describe, expect, it } from "vitest";
import { SIMULATION_VERSION } from "../../shared/sim/engine/version.ts";
import { Api } from "../support/classroom.ts";
import { launchBrowser } from "./support/browser.ts";
import { screenshot } from "./support/screenshot.ts";
import { useStage } from "./support/stage.ts";

/**
 * The teacher in the browser: creates a session from a built-in scenario, starts and pauses it; opens
 * the dashboard of a session created elsewhere (the join URL as the server words it, credentials by
 * name); then
 * runs the node-failure scenario, fails a node on demand, ends the match, opens the replay, scrubs to
 * after the failure and sees the node NotReady; the debrief and the matches list open too.
 */
const stage = useStage((stage) => {
  stage.browser.page.on("dialog", (d) => void d.accept());
});

async function createSession(scenario: string, speed: number): Promise<string> {
  const { page } = stage.browser;
  await page.goto(`${stage.server.url}/instructor`);
  await page.waitForSelector(`#scenario-${scenario}`);
  await page.check(`#scenario-${scenario}`);
  await page.fill("#opt-speed", String(speed));
  await page.click("#create-submit");
  await page.waitForSelector("#session-start");
  const code = (await page.textContent("#join-code-display")) ?? "";
  expect(code).toMatch(/^[A-Z0-9]{6}$/);
  return code;
}

describe("the instructor", () => {
  it("creates a session from a scenario, shows the code and QR code, starts and pauses it", async () => {
    const { page } = stage.browser;
    await page.goto(`${stage.server.url}/instructor`);
    await page.waitForSelector("#scenario-first-pod");
    await screenshot(page, "instructor-create");
    const code = await createSession("first-pod", 4);
    expect(page.url()).toContain(`/instructor/${code}#token=`);
    await expect
      .poll(() => page.evaluate(() => (document.getElementById("join-qr") as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    expect(await page.textContent("#join-url")).toContain(`/join/${code}`);
    await page.click("#session-start");
    await expect.poll(() => page.textContent("#session-status")).toContain("Running");
    await page.waitForTimeout(1500);
    await screenshot(page, "instructor-dashboard");
    await page.click("#session-pause");
    await expect.poll(() => page.textContent("#session-status")).toContain("Paused");
    await page.click("#session-resume");
    await expect.poll(() => page.textContent("#session-status")).toContain("Running");
    expect(stage.browser.errors).toEqual([]);
  }, 60_000);

  it("opened in another browser, shows the join URL of creation and revokes and restores real credentials", async () => {
    // created elsewhere (over HTTP): this browser has nothing stored for the session
    const created = await new Api(stage.server.url).createSession("image-pulls", { speed: 2 });
    const other = await launchBrowser();
    try {
      const { page } = other;
      await page.goto(`${stage.server.url}/instructor/${created.code}#token=${created.instructorToken}`);
      await page.waitForSelector("#join-url");
      // the server's public address (PUBLIC_URL here), not the address this page was opened at
      expect(await page.textContent("#join-url")).toBe(`http://class.example:2567/join/${created.code}`);
      expect(await page.getAttribute("#join-url", "href")).toBe(created.joinUrl);
      // the QR code loads (from this page's address when the public one is out of reach)
      await expect
        .poll(() =>
          page.evaluate(() => (document.getElementById("join-qr") as HTMLImageElement).naturalWidth),
        )
        .toBeGreaterThan(0);

      await page.click("#tab-faults");
      await page.selectOption("#fault-registry", "ecr");
      const secret = page.locator("#fault-secret");
      await expect.poll(() => secret.locator("option").allTextContents()).toEqual(["ecr-creds (accepted)"]);
      expect(await page.isDisabled("#fault-restore")).toBe(true);
      await page.click("#fault-revoke");
      await expect.poll(() => secret.locator("option").allTextContents()).toEqual(["ecr-creds (revoked)"]);
      const engine = stage.server.directory.get(created.code)?.classroom.engine;
      expect(engine?.state.registries.ecr?.pullSecrets).toEqual([]);
      expect(await page.isDisabled("#fault-revoke")).toBe(true);
      await screenshot(page, "instructor-credentials");
      await page.click("#fault-restore");
      await expect.poll(() => secret.locator("option").allTextContents()).toEqual(["ecr-creds (accepted)"]);
      expect(engine?.state.registries.ecr?.pullSecrets).toEqual(["ecr-creds"]);
      // Docker Hub takes no credentials
      await page.selectOption("#fault-registry", "dockerhub");
      await expect.poll(() => secret.locator("option").allTextContents()).toEqual(["no imagePullSecret"]);
      expect(await page.isDisabled("#fault-revoke")).toBe(true);
      expect(other.errors).toEqual([]);
    } finally {
      await other.close();
    }
  }, 60_000);

  it("fails a node, ends the match, and scrubs the replay to see the node NotReady", async () => {
    const { page } = stage.browser;
    await createSession("node-failure", 10);
    await page.click("#session-start");
    await page.click("#tab-faults");
    await page.selectOption("#fault-node", "worker-1");
    await page.click("#fault-fail-node");
    // and web's containers crash, twice: their kubelets start them again, each time the same Event
    await page.selectOption("#fault-deployment", "default/web");
    await page.click("#fault-crash");
    await page.waitForTimeout(1500);
    await page.click("#fault-crash");
    // 40 s without a Lease renewal, then the node monitor: about 45 simulated seconds
    await expect
      .poll(() => page.locator('#fault-node option[value="worker-1"]').textContent(), { timeout: 30_000 })
      .toMatch(/Unknown|NotReady/);
    await screenshot(page, "instructor-fault");
    // the event feed: a row per series, its count as kubectl events prints it
    await page.click("#tab-events");
    const started = page.locator("#teach-events-table tbody tr", { hasText: "Started" }).first();
    await expect
      .poll(() => started.locator("td").first().textContent(), { timeout: 30_000 })
      .toMatch(/^\d+s \(x[23] over \d+s\)$/);
    expect(await started.locator("td").nth(3).textContent()).toMatch(/^Pod\/web-/);
    await screenshot(page, "instructor-events");
    await page.click("#tab-class");
    await page.click("#session-end");
    await page.waitForSelector("#open-replay", { timeout: 15_000 });
    await screenshot(page, "instructor-ended");

    await page.click("#open-replay");
    await page.waitForSelector("html[data-replay-ready]", { timeout: 30_000 });
    await page.click(".marker-details summary");
    const failure = page.locator("#markers button", { hasText: "FailNode worker-1" });
    await failure.click();
    const failedAt = Number(await page.inputValue("#replay-scrub"));
    expect(failedAt).toBeGreaterThan(0);
    const row = page.locator("#replay-nodes tr", { hasText: "worker-1" });
    expect(await row.locator("td.status").textContent()).toBe("Ready");
    // scrub to the end: the match was ended once the node had gone NotReady (40 s after the failure)
    const end = Number(await page.getAttribute("#replay-scrub", "max"));
    expect(end).toBeGreaterThan(failedAt + 400);
    await page.locator("#replay-scrub").fill(String(end));
    await expect.poll(() => row.locator("td.status").textContent()).toBe("NotReady");
    await page.waitForTimeout(800);
    await screenshot(page, "replay");
    // the teacher's moves, not the limits the server set the session up with
    await expect.poll(() => page.locator("#replay-moves").textContent()).toContain("FailNode");
    expect(await page.locator("#replay-moves").textContent()).not.toContain("SetQuota");

    // play from the failure for a moment
    await page.locator("#replay-scrub").fill(String(failedAt));
    await page.click("#replay-play");
    await page.waitForTimeout(600);
    await page.click("#replay-play");
    expect(Number(await page.inputValue("#replay-scrub"))).toBeGreaterThan(failedAt);

    const match = page.url().split("/replay/")[1] ?? "";
    await page.goto(`${stage.server.url}/debrief/${match}`);
    await page.waitForSelector("#debrief-outcome", { timeout: 30_000 });
    expect(await page.locator("#moments a", { hasText: "FailNode worker-1" }).count()).toBe(1);
    await screenshot(page, "debrief");
    await page.goto(`${stage.server.url}/matches`);
    await page.waitForSelector(`#match-rows tr[data-match="${match}"]`);
    await screenshot(page, "matches");

    // a file recorded by an older simulation (no version, other hashes): imported, its difference explained
    const record = (await (await fetch(`${stage.server.url}/api/matches/${match}/record`)).json()) as {
      simulation?: number;
      checkpoints: { tick: number; hash: string }[];
    };
    expect(record.simulation).toBe(SIMULATION_VERSION);
    delete record.simulation;
    record.checkpoints = record.checkpoints.map((c) => ({ ...c, hash: "0123456789abcdef" }));
    await page.setInputFiles("#import-file", {
      name: "older.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(record)),
    });
    await page.waitForSelector("#import-result.bad-text");
    expect(await page.textContent("#import-result")).toMatch(
      /differs from the record .*recorded by another version of the simulation/,
    );
    expect(stage.browser.errors).toEqual([]);
  }, 120_000);
});
