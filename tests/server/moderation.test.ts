import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiError } from "../../shared/protocol/http.ts";
import { CloseCodes } from "../../shared/protocol/replies.ts";
import { Api, joinInstructor, joinStudent, leaveAll, leaveCode, waitFor } from "../support/classroom.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let api: Api;

beforeAll(async () => {
  server = await startTestServer();
  api = new Api(server.url);
});
afterAll(() => server.stop());

const reason = (body: unknown) => (body as ApiError).error?.reason;

describe("kick and ban", () => {
  it("a kicked student is disconnected and cannot come back as the same player", async () => {
    const created = await api.createSession();
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    const eve = await joinStudent(server.url, created.code, "Eve");
    const bob = await joinStudent(server.url, created.code, "Bob");
    await eve.ask("seat.take", { seat: "scheduler" });
    const closed = leaveCode(eve.room);
    expect(await teacher.ask("player.kick", { playerId: eve.player.id })).toMatchObject({ ok: true });
    expect(await closed).toBe(CloseCodes.KICKED);

    await waitFor(() => !bob.room.state.players.has(eve.player.id), "Eve gone from the lobby");
    expect(server.directory.get(created.code)?.classroom.engine.state.seats.scheduler?.driver).toBe("bot");
    await waitFor(() => teacher.room.state.instructor?.players.get(eve.player.id)?.kicked, "kicked in panel");

    const again = await api.join(created.code, { playerToken: eve.player.token, deviceId: eve.deviceId });
    expect(again.status).toBe(403);
    expect(reason(again.body)).toBe("Kicked");
    const sameName = await api.join(created.code, { nickname: "eve", deviceId: eve.deviceId });
    expect(reason(sameName.body)).toBe("NicknameTaken");
    const fresh = await api.join(created.code, { nickname: "Eve2", deviceId: eve.deviceId });
    expect(fresh.status).toBe(200);
    await leaveAll(teacher.room, bob.room);
  });

  it("a banned device is refused under any nickname until unbanned", async () => {
    const created = await api.createSession();
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    const mallory = await joinStudent(server.url, created.code, "Mallory");
    const closed = leaveCode(mallory.room);
    expect(await teacher.ask("player.ban", { playerId: mallory.player.id })).toMatchObject({ ok: true });
    expect(await closed).toBe(CloseCodes.BANNED);

    const byToken = await api.join(created.code, {
      playerToken: mallory.player.token,
      deviceId: "another-device",
    });
    expect(reason(byToken.body)).toBe("Banned");
    const newName = await api.join(created.code, { nickname: "Trent", deviceId: mallory.deviceId });
    expect(newName.status).toBe(403);
    expect(reason(newName.body)).toBe("Banned");
    const otherDevice = await api.join(created.code, { nickname: "Peggy", deviceId: "a-different-laptop" });
    expect(otherDevice.status).toBe(200);

    expect(await teacher.ask("player.unban", { playerId: mallory.player.id })).toMatchObject({ ok: true });
    expect((await api.join(created.code, { nickname: "Trent", deviceId: mallory.deviceId })).status).toBe(
      200,
    );
    expect(
      reason(
        (await api.join(created.code, { playerToken: mallory.player.token, deviceId: "x".repeat(8) })).body,
      ),
    ).toBe("Kicked");

    const record = await server.archive.details(server.directory.get(created.code)?.roomId ?? "");
    const row = record?.players.find((p) => p.id === mallory.player.id);
    expect(row?.kickedAt).toBeTypeOf("number");
    expect(row?.bannedAt).toBeUndefined();
    expect(record?.events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(["player-banned", "player-unbanned", "player-joined"]),
    );
    await leaveAll(teacher.room);
  });
});
