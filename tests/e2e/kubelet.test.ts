import { describe, expect, it } from "vitest";
import { Api, joinStudent, leaveAll, waitFor } from "../support/classroom.ts";
import { screenshot } from "./support/screenshot.ts";
import { useStage } from "./support/stage.ts";

/**
 * A kubelet in the browser: a pod is bound to its node (by a classmate at the scheduler seat), the
 * player pulls the image and watches the layers arrive, then starts the container and sees it run.
 * The cluster user: kubectl with history and completion, and a YAML editor showing errors at the line.
 */
const stage = useStage();

describe("a kubelet player", () => {
  it("pulls an image layer by layer, sees the progress, starts the container", async () => {
    const api = new Api(stage.server.url);
    const session = await api.createSession("first-pod", { speed: 2 });
    const { page } = stage.browser;
    await page.goto(`${stage.server.url}/join/${session.code}`);
    await page.fill("#join-nickname", "Grace");
    await page.click("#join-submit");
    await page.click('#seats button[data-seat="kubelet:worker-1"]');
    await page.waitForSelector("#kubelet-heading");

    // a classmate plays the scheduler and binds the pod to worker-1
    const scheduler = await joinStudent(stage.server.url, session.code, "Linus");
    expect(await scheduler.ask("seat.take", { seat: "scheduler" })).toMatchObject({ ok: true });
    await api.action(session.code, session.instructorToken, { type: "session.start" });
    await waitFor(() => scheduler.room.state.pods.get("default/web"), "the pending pod");
    expect(
      await scheduler.ask("command", {
        command: { type: "Bind", pod: "web", namespace: "default", node: "worker-1" },
      }),
    ).toMatchObject({ ok: true });

    const pull = page.locator('#kubelet-pods button[data-action="pull"]:not([disabled])').first();
    await pull.waitFor({ timeout: 20_000 });
    await pull.click();
    await page.waitForSelector("#pulls .pull li");
    // the bar of the first layer moves (progress from pullProgress, between patches too)
    await expect
      .poll(
        () =>
          page.evaluate(() =>
            Math.max(
              0,
              ...Array.from(
                document.querySelectorAll<HTMLProgressElement>("#pulls progress"),
                (p) => p.value,
              ),
            ),
          ),
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    await page.waitForTimeout(300);
    await screenshot(page, "kubelet-pull");

    const start = page.locator('#kubelet-pods button[data-action="start"]:not([disabled])').first();
    await start.waitFor({ timeout: 30_000 });
    await start.click();
    await expect.poll(() => page.textContent("#kubelet-pods h4"), { timeout: 20_000 }).toContain("Running");
    // the kubelet renews the Lease itself; with the teacher's challenge on, the player does
    expect(await page.isHidden("#heartbeat")).toBe(true);
    await expect.poll(() => page.textContent("#lease-auto")).toContain("10 s");
    await api.action(session.code, session.instructorToken, { type: "session.heartbeats", manual: true });
    await page.locator("#heartbeat").waitFor({ state: "visible" });
    await page.click("#heartbeat");
    await page.waitForTimeout(500);
    await screenshot(page, "kubelet-running");
    await leaveAll(scheduler.room);
    expect(stage.browser.errors).toEqual([]);
  }, 120_000);

  it("runs a pod's init container first, then the app, then its readiness probe when it comes due", async () => {
    const api = new Api(stage.server.url);
    const session = await api.createSession("first-pod", { speed: 4 });
    const { page } = stage.browser;
    await page.goto(`${stage.server.url}/join/${session.code}`);
    await page.fill("#join-nickname", "Barbara");
    await page.click("#join-submit");
    await page.click('#seats button[data-seat="kubelet:worker-1"]');
    await page.waitForSelector("#kubelet-heading");
    const user = await joinStudent(stage.server.url, session.code, "Ada");
    expect(await user.ask("seat.take", { seat: "user" })).toMatchObject({ ok: true });
    await api.action(session.code, session.instructorToken, { type: "session.start" });
    // bound to worker-1 by its manifest: an init container, then nginx with a readiness probe
    const manifest = [
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
      "      readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}",
    ].join("\n");
    expect(
      await user.ask("kubectl", { line: "kubectl apply -f pod.yaml", files: { "pod.yaml": manifest } }),
    ).toMatchObject({ ok: true, exitCode: 0 });

    const pod = page.locator("#kubelet-pods article", { hasText: "probed" });
    await expect
      .poll(() => pod.locator(".c-tag").first().textContent(), { timeout: 20_000 })
      .toContain("init 1/1");
    // the app's buttons wait while the init container has not completed
    const web = pod.locator("li", { hasText: "web · nginx:1.27" });
    expect(await web.locator('button[data-action="pull"]').isDisabled()).toBe(true);
    // pull and start, in the order the kubelet offers them, until the app runs
    for (let i = 0; i < 8; i++) {
      if ((await pod.locator("h4").textContent())?.includes("Running")) break;
      const next = pod.locator(".c-actions button:not([disabled])").first();
      await next.waitFor({ timeout: 30_000 });
      await next.click();
      await page.waitForTimeout(400);
      // each step said in one line per pod, the latest, not a stack of toasts over the panel
      const said = page.locator('#toasts .toast[data-key="kubelet:default/probed"]');
      await expect.poll(() => said.count()).toBeGreaterThan(0);
      expect(await said.count()).toBe(1);
    }
    await expect.poll(() => pod.locator("h4").textContent(), { timeout: 30_000 }).toContain("Running");
    expect(await pod.locator("h4").textContent()).toContain("0/1");
    // readiness is due at once: the next step offers it, the probe's own button too
    const probe = pod.locator('button[data-action="probe"]:not([disabled])');
    await probe.waitFor({ timeout: 20_000 });
    await expect.poll(() => page.textContent("#next-step")).toContain("readiness");
    await probe.click();
    await expect.poll(() => pod.locator("h4").textContent(), { timeout: 20_000 }).toContain("1/1");
    await expect.poll(() => pod.locator(".c-probes li").textContent()).toContain("readiness: success");
    await screenshot(page, "kubelet-probes");
    await leaveAll(user.room);
    expect(stage.browser.errors).toEqual([]);
  }, 120_000);

  it("the cluster user runs kubectl with completion and sees an apply error at its line", async () => {
    const api = new Api(stage.server.url);
    const session = await api.createSession("first-pod", { speed: 2 });
    const { page } = stage.browser;
    await page.goto(`${stage.server.url}/join/${session.code}`);
    await page.fill("#join-nickname", "Alan");
    await page.click("#join-submit");
    await page.click('#seats button[data-seat="user"]');
    await page.waitForSelector("#console-input");
    await api.action(session.code, session.instructorToken, { type: "session.start" });

    await page.fill("#console-input", "get pods");
    await page.press("#console-input", "Enter");
    await expect.poll(() => page.textContent("#console-output")).toContain("web");
    // Tab completes the names that exist
    await page.fill("#console-input", "get nodes wor");
    await page.press("#console-input", "Tab");
    await expect.poll(() => page.inputValue("#console-input")).toBe("get nodes worker-");
    await page.press("#console-input", "Tab");
    await expect.poll(() => page.locator("#console-suggestions li").count()).toBe(3);
    // a Deployment's containers complete `set image`, with the image to type right after the "="
    await page.fill("#console-input", "create deployment shop --image=nginx:1.27");
    await page.press("#console-input", "Enter");
    await expect.poll(() => page.textContent("#console-output")).toContain("deployment.apps/shop created");
    await page.fill("#console-input", "set image deployment/shop ");
    await page.press("#console-input", "Tab");
    await expect.poll(() => page.inputValue("#console-input")).toBe("set image deployment/shop nginx=");
    // history
    await page.fill("#console-input", "");
    await page.press("#console-input", "ArrowUp");
    expect(await page.inputValue("#console-input")).toBe("create deployment shop --image=nginx:1.27");
    await screenshot(page, "user-console");

    await page.click("#tab-yaml");
    await page.fill(
      "#yaml-editor",
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: hello\nspec:\n  containers:\n    - name: app\n      imagee: busybox:1.36\n",
    );
    await page.click("#yaml-apply");
    await expect.poll(() => page.textContent("#yaml-editor-errors"), { timeout: 10_000 }).toContain("Line 8");
    expect(await page.locator(".gutter .bad-line").count()).toBeGreaterThan(0);
    await screenshot(page, "user-yaml-error");
    await page.fill(
      "#yaml-editor",
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: hello\nspec:\n  containers:\n    - name: app\n      image: busybox:1.36\n      command: [sleep, "3600"]\n',
    );
    await page.click("#yaml-apply");
    await expect.poll(() => page.textContent("#apply-result")).toContain("pod/hello created");
    expect(await page.locator("#yaml-editor-errors li").count()).toBe(0);
    expect(stage.browser.errors).toEqual([]);
  }, 60_000);
});
