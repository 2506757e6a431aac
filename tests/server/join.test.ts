import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiError, JoinResponse, SessionPublicInfo } from "../../shared/protocol/http.ts";
import { isJoinCode } from "../../shared/protocol/joinCode.ts";
import { Api, joinInstructor, joinStudent, leaveAll, waitFor } from "../support/classroom.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let api: Api;

beforeAll(async () => {
  server = await startTestServer();
  api = new Api(server.url);
});
afterAll(() => server.stop());

const reason = (body: unknown) => (body as ApiError).error.reason;

describe("joining a session", () => {
  it("creates a session with a join code, links and an instructor token", async () => {
    const created = await api.createSession("first-pod");
    expect(isJoinCode(created.code)).toBe(true);
    expect(created.joinUrl).toBe(`http://class.example:2567/join/${created.code}`);
    expect(created.instructorUrl).toContain(`/instructor/${created.code}#token=`);
    expect(created.instructorToken.length).toBeGreaterThanOrEqual(32);
    const info = await api.get<SessionPublicInfo>(`/api/sessions/${created.code}`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ code: created.code, status: "lobby", joinable: true, players: 0 });
  });

  it("gives distinct codes to live sessions", async () => {
    const codes = await Promise.all(Array.from({ length: 8 }, () => api.createSession().then((s) => s.code)));
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("joins with code and nickname: the lobby lists everyone, the code is forgiving", async () => {
    const { code } = await api.createSession();
    const ada = await joinStudent(server.url, code, "Ada");
    const grace = await joinStudent(server.url, code.toLowerCase().replace(/(...)/, "$1-"), "Grace");
    await waitFor(() => ada.room.state.players.size === 2, "Ada sees two players");
    const names = [...ada.room.state.players.values()].map((p) => p.nickname).sort();
    expect(names).toEqual(["Ada", "Grace"]);
    expect(grace.room.state.players.get(ada.player.id)?.connected).toBe(true);
    expect(ada.room.state.seats.get("scheduler")?.driver).toBe("bot");
    await leaveAll(ada.room, grace.room);
  });

  it("tells a wrong code from an ended session", async () => {
    const wrong = await api.join("ACDEFG", { nickname: "Ada" });
    expect(wrong.status).toBe(404);
    expect(reason(wrong.body)).toBe("UnknownCode");
    const garbage = await api.get("/api/sessions/not-a-code!");
    expect(garbage.status).toBe(404);

    const created = await api.createSession();
    const end = await api.action(created.code, created.instructorToken, { type: "session.end" });
    expect(end.body.ok).toBe(true);
    const ended = await api.join(created.code, { nickname: "Ada" });
    expect(ended.status).toBe(410);
    expect(reason(ended.body)).toBe("SessionEnded");
    expect((await api.get(`/api/sessions/${created.code}`)).status).toBe(410);
  });

  it("refuses a full session", async () => {
    const { code } = await api.createSession("first-pod", { maxPlayers: 2 });
    expect((await api.join(code, { nickname: "one" })).status).toBe(200);
    expect((await api.join(code, { nickname: "two" })).status).toBe(200);
    const third = await api.join(code, { nickname: "three" });
    expect(third.status).toBe(409);
    expect(reason(third.body)).toBe("SessionFull");
    const info = await api.get<SessionPublicInfo>(`/api/sessions/${code}`);
    expect(info.body).toMatchObject({ joinable: false, reason: "SessionFull", players: 2, maxPlayers: 2 });
  });

  it("refuses a locked session, and admits again once unlocked", async () => {
    const created = await api.createSession();
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    expect((await teacher.ask("session.lock", { locked: true })).ok).toBe(true);
    const locked = await api.join(created.code, { nickname: "Linus" });
    expect(locked.status).toBe(423);
    expect(reason(locked.body)).toBe("SessionLocked");
    await teacher.ask("session.lock", { locked: false });
    expect((await api.join(created.code, { nickname: "Linus" })).status).toBe(200);
    await leaveAll(teacher.room);
  });

  it("closes late join once started when the teacher says so", async () => {
    const created = await api.createSession("first-pod", { lateJoin: false });
    expect((await api.join(created.code, { nickname: "early" })).status).toBe(200);
    await api.action(created.code, created.instructorToken, { type: "session.start" });
    const late = await api.join(created.code, { nickname: "late" });
    expect(late.status).toBe(403);
    expect(reason(late.body)).toBe("LateJoinClosed");
    await api.action(created.code, created.instructorToken, { type: "session.lateJoin", allowed: true });
    expect((await api.join(created.code, { nickname: "late" })).status).toBe(200);
  });

  it("applies the nickname rules: length, characters, case-insensitive uniqueness", async () => {
    const { code } = await api.createSession();
    const cases: [string | undefined, number, string][] = [
      [undefined, 422, "NicknameInvalid"],
      ["A", 422, "NicknameInvalid"],
      ["x".repeat(21), 422, "NicknameInvalid"],
      ["<script>", 422, "NicknameInvalid"],
      ["two  spaces..", 422, "NicknameInvalid"],
    ];
    for (const [nickname, status, why] of cases) {
      const res = await api.join(code, { nickname });
      expect([nickname, res.status, reason(res.body)]).toEqual([nickname, status, why]);
    }
    const ok = await api.join(code, { nickname: "  Zoë  O'Brien " });
    expect(ok.status).toBe(200);
    expect((ok.body as JoinResponse).player.nickname).toBe("Zoë O'Brien");
    const clash = await api.join(code, { nickname: "ZOË o'brien" });
    expect(clash.status).toBe(409);
    expect(reason(clash.body)).toBe("NicknameTaken");
  });

  it("refuses disguises: look-alike letters, invisible characters, the teacher's and the game's names", async () => {
    const { code } = await api.createSession();
    expect((await api.join(code, { nickname: "alice" })).status).toBe(200);
    // a Cyrillic "а" beside Latin letters, and a whole name in Cyrillic look-alikes of "alice"
    for (const nickname of ["\u0430lice", "\u0430\u04cf\u0456\u0441\u0435"]) {
      const res = await api.join(code, { nickname });
      expect([nickname, reason(res.body)]).not.toEqual([nickname, undefined]);
      expect(res.status, nickname).toBeGreaterThanOrEqual(400);
    }
    const cases: [string, number, string][] = [
      ["\u3164\u3164", 422, "NicknameInvalid"],
      ["bob\u200d", 422, "NicknameInvalid"],
      ["Teacher", 422, "NicknameInvalid"],
      ["instructor 2", 422, "NicknameInvalid"],
      ["Admin_Bob", 422, "NicknameInvalid"],
      ["\u8001\u5e2b", 422, "NicknameInvalid"],
      ["\u5148\u751f", 422, "NicknameInvalid"],
      ["\u0422\u0435\u0430\u0441\u04bb\u0435\u0433", 422, "NicknameInvalid"],
      ["fvck", 422, "NicknameBlocked"],
      ["fc\u03c5k", 422, "NicknameInvalid"],
    ];
    for (const [nickname, status, why] of cases) {
      const res = await api.join(code, { nickname });
      expect([nickname, res.status, reason(res.body)]).toEqual([nickname, status, why]);
    }
    for (const fine of ["Badminton", "Hitchcock", "Δημήτρης", "Дмитрий", "さくら"]) {
      expect((await api.join(code, { nickname: fine })).status, fine).toBe(200);
    }
  });

  it("filters rude nicknames, and the teacher can override the filter", async () => {
    const created = await api.createSession();
    const blocked = await api.join(created.code, { nickname: "Sh1t-lord" });
    expect(blocked.status).toBe(422);
    expect(reason(blocked.body)).toBe("NicknameBlocked");
    expect((await api.join(created.code, { nickname: "Button" })).status).toBe(200);
    const dick = await api.join(created.code, { nickname: "Dick" });
    expect(reason(dick.body)).toBe("NicknameBlocked");
    await api.action(created.code, created.instructorToken, {
      type: "session.wordFilter",
      enabled: true,
      allow: ["dick"],
    });
    expect((await api.join(created.code, { nickname: "Dick" })).status).toBe(200);
    await api.action(created.code, created.instructorToken, { type: "session.wordFilter", enabled: false });
    expect((await api.join(created.code, { nickname: "Sh1t-lord" })).status).toBe(200);
  });

  it("refuses a WebSocket without a ticket from the HTTP join", async () => {
    const { Client } = await import("@colyseus/sdk");
    const created = await api.createSession();
    const room = server.directory.get(created.code);
    expect(room).toBeDefined();
    // the refusal's text is a phrase code the page translates
    await expect(new Client(server.url).joinById(room?.roomId ?? "", { ticket: "forged" })).rejects.toThrow(
      "joinFirst",
    );
    await expect(new Client(server.url).create("classroom", { sessionKey: "guess" })).rejects.toThrow();
    expect(server.directory.size).toBeGreaterThan(0);
  });
});
