import { matchMaker } from "@colyseus/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloseCodes } from "../../shared/protocol/replies.ts";
import {
  Api,
  type ClassRoom,
  joinStudent,
  leaveAll,
  leaveCode,
  pushesOf,
  type Student,
  waitFor,
} from "../support/classroom.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let api: Api;

beforeAll(async () => {
  // a 1 s reconnection window keeps the "gave up waiting" case short
  server = await startTestServer({ reconnectSeconds: 1 });
  api = new Api(server.url);
});
afterAll(() => server.stop());

const classroomOf = (code: string) => {
  const room = server.directory.get(code);
  if (!room) throw new Error(`no live session ${code}`);
  return room;
};

/** Cuts the student's socket from the server side, as a dropped Wi-Fi would (close code 1006). */
function cutNetwork(code: string, room: ClassRoom): void {
  // the Colyseus room behind the session (the directory knows it only as a LiveSession)
  const colyseusRoom = matchMaker.getLocalRoomById(classroomOf(code).roomId);
  const client = colyseusRoom.clients.get(room.sessionId) as unknown as { ref: { terminate(): void } };
  client.ref.terminate();
}

function fastReconnect(room: ClassRoom): void {
  room.reconnection.minUptime = 0;
  room.reconnection.delay = 10;
  room.reconnection.minDelay = 10;
}

/** A student on the scheduler seat who placed the Pending pod "web": a placement judged 100, 10 points. */
async function seatedScorer(code: string, nickname: string): Promise<Student> {
  const student = await joinStudent(server.url, code, nickname);
  await student.ask("seat.take", { seat: "scheduler" });
  const reply = await student.ask("command", { command: { type: "Bind", pod: "web", node: "worker-1" } });
  expect(reply).toMatchObject({ ok: true });
  await waitFor(() => student.room.state.players.get(student.player.id)?.score === 10, "placement scored");
  return student;
}

const POD = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web-3" },
  spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] },
};

describe("coming back", () => {
  it("a dropped connection comes back to the same seat and score; the bot covers meanwhile", async () => {
    const { code, instructorToken } = await api.createSession();
    const ada = await seatedScorer(code, "Ada");
    fastReconnect(ada.room);
    const engine = classroomOf(code).classroom.engine;
    expect(engine.state.seats.scheduler?.driver).toBe("human");
    const dropped = new Promise<void>((resolve) => ada.room.onDrop(() => resolve()));
    const reconnected = new Promise<void>((resolve) => ada.room.onReconnect(() => resolve()));
    cutNetwork(code, ada.room);
    await dropped;
    await waitFor(() => engine.state.seats.scheduler?.driver === "bot", "bot covers the seat");
    await reconnected;
    await waitFor(() => engine.state.seats.scheduler?.driver === "human", "human again");
    // the full state sent on reconnection brings what changed while the socket was down
    await waitFor(
      () => ada.room.state.players.get(ada.player.id)?.connected,
      "connected in the new full state",
    );
    expect(ada.room.state.players.get(ada.player.id)).toMatchObject({
      seat: "scheduler",
      score: 10,
      connected: true,
    });
    expect(pushesOf(ada.room, "welcome").length).toBeGreaterThanOrEqual(1);
    expect(
      await api.action(code, instructorToken, { type: "command", command: { type: "Apply", manifest: POD } }),
    ).toMatchObject({ status: 200 });
    expect(
      await ada.ask("command", { command: { type: "Bind", pod: "web-3", node: "worker-1" } }),
    ).toMatchObject({
      ok: true,
    });
    // a placement judged 0..100 earns a tenth of it
    await waitFor(() => (ada.room.state.players.get(ada.player.id)?.score ?? 0) > 10, "score continues");
    await leaveAll(ada.room);
  });

  it("a refreshed page rejoins with the player token: same player, seat and score", async () => {
    const { code } = await api.createSession();
    const bob = await seatedScorer(code, "Bob");
    bob.room.reconnection.enabled = false;
    const gone = leaveCode(bob.room);
    cutNetwork(code, bob.room);
    await gone;
    const again = await joinStudent(server.url, code, "ignored", {
      playerToken: bob.player.token,
      deviceId: bob.deviceId,
    });
    expect(again.player).toMatchObject({ id: bob.player.id, nickname: "Bob", rejoined: true });
    await waitFor(() => again.room.state.players.get(bob.player.id)?.connected, "connected again");
    expect(again.room.state.players.get(bob.player.id)).toMatchObject({ seat: "scheduler", score: 10 });
    expect(pushesOf(again.room, "welcome")).toContainEqual({
      role: "student",
      playerId: bob.player.id,
      nickname: "Bob",
      seat: "scheduler",
    });
    expect(again.room.state.players.size).toBe(1);
    expect(classroomOf(code).classroom.engine.state.seats.scheduler?.driver).toBe("human");
    await leaveAll(again.room);
  });

  it("a closed tab, the same nickname typed on the same device: same player, seat and score", async () => {
    const created = await api.createSession();
    const { code } = created;
    const bob = await seatedScorer(code, "Bob");
    bob.room.reconnection.enabled = false;
    const gone = leaveCode(bob.room);
    cutNetwork(code, bob.room);
    await gone;
    // the session is locked meanwhile: newcomers wait, the same student still gets back in
    await api.action(code, created.instructorToken, { type: "session.lock", locked: true });
    const again = await joinStudent(server.url, code, "bob", { deviceId: bob.deviceId });
    expect(again.player).toMatchObject({ id: bob.player.id, nickname: "Bob", rejoined: true });
    expect(again.player.token).not.toBe(bob.player.token);
    await waitFor(() => again.room.state.players.get(bob.player.id)?.connected, "connected again");
    expect(again.room.state.players.get(bob.player.id)).toMatchObject({ seat: "scheduler", score: 10 });
    // the lost tab's token no longer admits anyone; another device with the nickname is another person
    expect((await api.join(code, { nickname: "Bob", playerToken: bob.player.token })).status).not.toBe(200);
    const other = await api.join(code, { nickname: "Bob" });
    expect(other.status).toBe(423);
    await api.action(code, created.instructorToken, { type: "session.lock", locked: false });
    expect((await api.join(code, { nickname: "Bob" })).status).toBe(409);
    await leaveAll(again.room);
  });

  it("after the reconnection window the seat waits for the token; the bot plays it", async () => {
    const { code } = await api.createSession();
    const cy = await seatedScorer(code, "Cy");
    cy.room.reconnection.enabled = false;
    const watcher = await joinStudent(server.url, code, "Watcher");
    cutNetwork(code, cy.room);
    await waitFor(() => watcher.room.state.players.get(cy.player.id)?.connected === false, "shown away");
    const room = classroomOf(code);
    await waitFor(() => !room.classroom.connections.has(cy.room.sessionId), "window over", 3000);
    expect(room.classroom.engine.state.seats.scheduler?.driver).toBe("bot");
    expect(watcher.room.state.players.get(cy.player.id)?.seat).toBe("scheduler");
    const back = await joinStudent(server.url, code, "", { playerToken: cy.player.token });
    expect(back.player.id).toBe(cy.player.id);
    await waitFor(() => room.classroom.engine.state.seats.scheduler?.driver === "human", "human again");
    await leaveAll(back.room, watcher.room);
  });

  it("opening the session in a second tab closes the first one", async () => {
    const { code } = await api.createSession();
    const dee = await joinStudent(server.url, code, "Dee");
    const closed = leaveCode(dee.room);
    const second = await joinStudent(server.url, code, "", {
      playerToken: dee.player.token,
      deviceId: dee.deviceId,
    });
    expect(await closed).toBe(CloseCodes.REPLACED);
    expect(second.player.id).toBe(dee.player.id);
    await waitFor(() => second.room.state.players.get(dee.player.id)?.connected, "second tab connected");
    await leaveAll(second.room);
  });
});
