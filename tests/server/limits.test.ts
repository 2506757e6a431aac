import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiError, SessionCreated } from "../../shared/protocol/http.ts";
import type { Reply } from "../../shared/protocol/replies.ts";
import { Api, joinInstructor, joinStudent, leaveAll, waitFor } from "../support/classroom.ts";
import { FakeClock } from "../support/fakeClock.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

const ADMIN = "admin-secret-123";
let server: TestServer;
let api: Api;
let created: SessionCreated;
/** The server's wall clock: token buckets refill only when the test moves it. */
const clock = new FakeClock();

beforeAll(async () => {
  server = await startTestServer({
    joinRateLimit: 6,
    joinRateWindowSeconds: 60,
    messageRate: 5,
    messageBurst: 10,
    adminToken: ADMIN,
    clock,
  });
  api = new Api(server.url);
});
afterAll(() => server.stop());

describe("limits", () => {
  it("creating a session needs the admin token when one is set", async () => {
    const refused = await api.post<ApiError>("/api/sessions", { scenario: "first-pod" });
    expect(refused.status).toBe(401);
    expect(refused.body.error.reason).toBe("NotAdmin");
    const ok = await api.post<SessionCreated>("/api/sessions", { scenario: "first-pod" }, ADMIN);
    expect(ok.status).toBe(201);
    created = ok.body;
  });

  it("a flooding client is throttled, stays connected, and nothing beyond its budget is applied", async () => {
    const student = await joinStudent(server.url, created.code, "Flood");
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    await student.ask("seat.take", { seat: "user" });
    const replies = (await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        student.ask("command", {
          command: { type: i % 2 ? "UncordonNode" : "CordonNode", node: "worker-1" },
        }),
      ),
    )) as Reply<Record<string, unknown>>[];
    const throttled = replies.filter((r) => !r.ok && r.reason === "Throttled");
    const accepted = replies.filter((r) => r.ok);
    expect(throttled.length).toBeGreaterThan(50);
    expect(throttled[0]).toMatchObject({
      code: "throttled",
      params: { rate: 5 },
      message: expect.stringContaining("at most 5 per second"),
    });
    // the budget: the burst of 10, one spent on seat.take (the clock stood still meanwhile)
    expect(accepted.length).toBe(9);
    expect(throttled.length).toBe(91);
    expect(student.room.connection.isOpen).toBe(true);
    await waitFor(
      () =>
        (teacher.room.state.instructor?.players.get(student.player.id)?.throttled ?? 0) >= throttled.length,
      "throttling shown to the teacher",
    );
    // a second later it is served again
    clock.advance(1000);
    expect(await student.ask("seat.leave")).toMatchObject({ ok: true });
    await leaveAll(student.room, teacher.room);
  });

  it("join attempts and code lookups are rate-limited per address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res =
        i % 2 ? await api.get(`/api/sessions/ACDEFG`) : await api.join("ACDEFG", { nickname: `guess${i}` });
      statuses.push(res.status);
    }
    // the budget of 6 per minute already paid for the session created above and the flood test's join
    expect(statuses).toEqual([404, 404, 404, 404, 429, 429, 429, 429]);
    const limited = await api.join(created.code, { nickname: "Honest" });
    expect(limited.status).toBe(429);
    expect((limited.body as ApiError).error).toMatchObject({
      reason: "RateLimited",
      retryAfterSeconds: expect.any(Number),
    });
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    // no other endpoint tells a live code from a wrong one for free
    expect((await api.get("/api/sessions/ACDEFG/qr.svg")).status).toBe(429);
    expect((await api.post("/api/sessions/ACDEFG/instructor", {}, "x")).status).toBe(429);
    expect((await api.get("/api/sessions/ACDEFG/record", "x")).status).toBe(429);
    // while the teacher, holding the token, is not locked out of a live session
    expect((await api.action(created.code, created.instructorToken, { type: "session.pause" })).status).toBe(
      409,
    );
  });
});
