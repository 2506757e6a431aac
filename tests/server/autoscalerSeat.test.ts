import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, joinStudent, leaveAll, waitFor } from "../support/classroom.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let api: Api;

beforeAll(async () => {
  server = await startTestServer();
  api = new Api(server.url);
});
afterAll(() => server.stop());

const engineOf = (code: string) => {
  const room = server.directory.get(code);
  if (!room) throw new Error(`no live session ${code}`);
  return room.classroom.engine;
};

/**
 * The autoscaler seat as the other seats: only in a cluster with something to autoscale, taken from its
 * bot and handed back to it, its moves authorised for it alone and judged; the synced state carries
 * what its panel reads (the node groups, the HPA).
 */
describe("the autoscaler seat", () => {
  it("exists where there are node groups or HPAs, and nowhere else", async () => {
    const plain = await api.createSession("first-pod");
    const ada = await joinStudent(server.url, plain.code, "Ada");
    await waitFor(() => ada.room.state.seats.size > 0, "seats");
    expect(ada.room.state.seats.has("autoscaler")).toBe(false);
    await leaveAll(ada.room);

    const scaling = await api.createSession("autoscaling");
    const grace = await joinStudent(server.url, scaling.code, "Grace");
    await waitFor(() => grace.room.state.seats.get("autoscaler"), "the autoscaler seat");
    expect(grace.room.state.autoscaling.nodeGroups.get("general")).toMatchObject({
      nodes: 2,
      min: 2,
      max: 6,
    });
    expect(grace.room.state.horizontalPodAutoscalers.get("default/shop")?.target).toBe("Deployment/shop");
    await leaveAll(grace.room);
  });

  it("a student takes it from the bot, scales and is judged; leaving hands it back to the bot", async () => {
    const created = await api.createSession("autoscaling", { speed: 10 });
    const ada = await joinStudent(server.url, created.code, "Ada");
    const ken = await joinStudent(server.url, created.code, "Ken");
    expect(await ada.ask("seat.take", { seat: "autoscaler" })).toMatchObject({ ok: true });
    expect(await ken.ask("seat.take", { seat: "user" })).toMatchObject({ ok: true });
    expect(engineOf(created.code).state.seats.autoscaler?.driver).toBe("human");
    await waitFor(() => ada.room.state.seats.get("autoscaler")?.driver === "human", "synced driver human");
    await api.action(created.code, created.instructorToken, { type: "session.start" });

    // only the autoscaler seat may grow a node group
    const refused = await ken.ask("command", {
      command: { type: "ScaleUpNodeGroup", nodeGroup: "general", count: 1 },
    });
    expect(refused.ok).toBe(false);
    const scaled = await ada.ask("command", {
      command: { type: "ScaleUpNodeGroup", nodeGroup: "general", count: 1 },
    });
    expect(scaled).toMatchObject({ ok: true });
    await waitFor(() => ada.room.state.autoscaling.pendingNodes.size === 1, "a machine booting");
    expect(ada.room.state.autoscaling.nodeGroups.get("general")?.upcoming).toBe(1);
    // no pending pod needed it: the cluster autoscaler would not have
    const judged = await waitFor(
      () => [...ada.room.state.judgements.values()].find((j) => j.seat === "autoscaler"),
      "the judgement",
    );
    expect(judged).toMatchObject({ kind: "autoscale", subject: "general", value: 0 });

    expect(await ada.ask("seat.leave")).toMatchObject({ ok: true });
    expect(engineOf(created.code).state.seats.autoscaler?.driver).toBe("bot");
    await waitFor(() => ada.room.state.seats.get("autoscaler")?.driver === "bot", "synced driver bot");
    // the bot rescales the HPA's target on its own again once the sale starts
    await waitFor(
      () => (engineOf(created.code).state.deployments["default/shop"]?.spec.replicas ?? 0) > 2,
      "the bot's rescale",
      30_000,
    );
    await leaveAll(ada.room, ken.room);
  }, 60_000);
});
