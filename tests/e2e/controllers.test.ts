import { describe, expect, it } from "vitest";
import type { KubectlOutput } from "../../shared/protocol/replies.ts";
import { Api, joinStudent, leaveAll, waitFor } from "../support/classroom.ts";
import { screenshot } from "./support/screenshot.ts";
import { useStage } from "./support/stage.ts";

/**
 * The controllers in the browser: a controller manager takes a new Deployment to Running pods by hand
 * (its ReplicaSet, the scale, the pods), and a kube-proxy sees which backend of its rules is stale and
 * which ready endpoint they miss, by IP.
 */
const stage = useStage();

async function joinAs(code: string, nickname: string, seat: string, heading: string): Promise<void> {
  const { page } = stage.browser;
  await page.goto(`${stage.server.url}/join/${code}`);
  await page.fill("#join-nickname", nickname);
  await page.click("#join-submit");
  await page.click(`#seats button[data-seat="${seat}"]`);
  await page.waitForSelector(heading);
}

describe("a controller manager player", () => {
  it("creates a Deployment's ReplicaSet, scales it and creates its Pods until they run", async () => {
    const api = new Api(stage.server.url);
    const session = await api.createSession("first-pod", { speed: 10 });
    const { page } = stage.browser;
    await joinAs(session.code, "Barbara", "controller-manager", "#cm-heading");
    const user = await joinStudent(stage.server.url, session.code, "Ken");
    await user.ask("seat.take", { seat: "user" });
    await api.action(session.code, session.instructorToken, { type: "session.start" });
    const made = (await user.ask("kubectl", {
      line: "create deployment web --image=nginx:1.27 --replicas=2",
    })) as unknown as KubectlOutput;
    expect(made.exitCode).toBe(0);

    const deployment = page.locator("#workloads .wl-deployment");
    const create = page.locator('button[aria-label="CreateReplicaSet web"]');
    await create.waitFor();
    expect(await deployment.locator(".wl-template").textContent()).toContain(
      "No ReplicaSet runs the current template",
    );
    expect(await deployment.locator(".wl-images").textContent()).toContain("nginx=nginx:1.27");
    await create.click();

    const rs = page.locator("#workloads .wl-replicaset");
    await rs.waitFor();
    await expect.poll(() => create.isVisible()).toBe(false);
    const name = await waitFor(
      () => user.room.state.workloads.get("Deployment/default/web")?.currentReplicaSet,
      "the ReplicaSet",
    );
    expect(await rs.locator(".wl-text").textContent()).toContain(`ReplicaSet ${name} (current template)`);
    expect(await deployment.locator(".wl-template").textContent()).toContain(name);
    await page.fill(`input[aria-label="replicas of ${name}"]`, "2");
    await rs.locator("button", { hasText: "ScaleReplicaSet" }).click();
    await expect.poll(() => rs.locator(".wl-text").textContent()).toContain("2 missing");
    await page.click(`button[aria-label="CreateReplica ${name}"]`);
    await page.click(`button[aria-label="CreateReplica ${name}"]`);
    await expect
      .poll(() => deployment.locator(".wl-text").textContent(), { timeout: 30_000 })
      .toContain("available 2");
    expect(await rs.locator(".wl-text").textContent()).toContain("in sync");
    const running = [...user.room.state.pods.values()].filter(
      (p) => p.owner === `ReplicaSet/${name}` && p.status === "Running",
    );
    expect(running).toHaveLength(2);
    await page.waitForTimeout(400);
    await screenshot(page, "controller-manager");
    await leaveAll(user.room);
    expect(stage.browser.errors).toEqual([]);
  }, 90_000);
});

describe("a kube-proxy player", () => {
  it("compares its rules with the endpoints by IP and names the stale backend", async () => {
    const api = new Api(stage.server.url);
    const session = await api.createSession("services", { speed: 10 });
    const { page } = stage.browser;
    await joinAs(session.code, "Radia", "kube-proxy:worker-1", "#proxy-heading");
    const watcher = await joinStudent(stage.server.url, session.code, "Watcher");
    await api.action(session.code, session.instructorToken, { type: "session.start" });
    const service = () => watcher.room.state.services.get("default/shop");
    await waitFor(() => (service()?.addresses.size ?? 0) === 6, "six ready endpoints", 20_000);

    // no rules on this node yet: every ready endpoint is missing from them
    const card = page.locator('#proxy-services article[data-service="default/shop"]');
    await expect
      .poll(() => card.locator(".svc-missing").textContent(), { timeout: 10_000 })
      .toContain([...(service()?.addresses ?? [])][0] ?? "?");
    expect(await card.getAttribute("class")).toContain("stale");
    await page.click("#sync-all");
    await expect.poll(() => card.getAttribute("class")).toContain("fresh");
    expect(await card.locator(".svc-missing").isHidden()).toBe(true);
    expect(await card.locator(".svc-stale").isHidden()).toBe(true);

    // a pod goes: the endpoints drop its IP, this node's rules keep it until the next sync
    const victim = [...watcher.room.state.pods.values()].find((p) => p.status === "Running" && p.ip);
    expect(victim).toBeDefined();
    const ip = victim?.ip ?? "";
    const deleted = await api.action(session.code, session.instructorToken, {
      type: "command",
      command: { type: "Delete", kind: "Pod", name: victim?.name ?? "" },
    });
    expect(deleted.body).toMatchObject({ ok: true });
    await expect.poll(() => card.locator(".svc-stale").textContent(), { timeout: 10_000 }).toContain(ip);
    expect(await card.getAttribute("class")).toContain("stale");
    expect(await card.locator(".svc-endpoints").textContent()).not.toContain(`${ip} `);
    await page.waitForTimeout(300);
    await screenshot(page, "kube-proxy-stale");
    await page.click("#sync-all");
    await expect.poll(() => card.locator(".svc-stale").isHidden()).toBe(true);
    expect(await card.locator(".svc-rules").textContent()).not.toContain(ip);
    await leaveAll(watcher.room);
    expect(stage.browser.errors).toEqual([]);
  }, 90_000);
});
