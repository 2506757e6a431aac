import { afterAll, beforeAll, expect, it } from "vitest";
import { Api, joinStudent, leaveAll, waitFor } from "../support/classroom.ts";
import { FakeClock } from "../support/fakeClock.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
const clock = new FakeClock();
beforeAll(async () => {
  server = await startTestServer({ sessionIdleMinutes: 5, clock });
});
afterAll(() => server.stop());

it("a session nobody is connected to ends by itself; a connected one does not", async () => {
  const api = new Api(server.url);
  const abandoned = await api.createSession();
  const attended = await api.createSession();
  const student = await joinStudent(server.url, attended.code, "Present");
  // five idle minutes pass on the server's clock; the rooms' loops notice at their next step
  clock.advance(5 * 60_000 + 1);
  await waitFor(
    async () => (await server.archive.latestByCode(abandoned.code))?.endReason === "idle",
    "idle end",
    5000,
  );
  expect((await api.get(`/api/sessions/${abandoned.code}`)).status).toBe(410);
  const present = server.directory.get(attended.code)?.classroom;
  expect(present?.idle()).toBe(false);
  expect(present?.ended).toBe(false);
  expect((await api.get(`/api/sessions/${attended.code}`)).status).toBe(200);
  expect(student.room.connection.isOpen).toBe(true);
  await leaveAll(student.room);
});
