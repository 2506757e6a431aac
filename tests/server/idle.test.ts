import { afterAll, beforeAll, expect, it } from "vitest";
import { Api, joinStudent, leaveAll, waitFor } from "../support/classroom.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
beforeAll(async () => {
  // 0.005 minutes: a session nobody is connected to for 300 ms ends
  server = await startTestServer({ sessionIdleMinutes: 0.005 });
});
afterAll(() => server.stop());

it("a session nobody is connected to ends by itself; a connected one does not", async () => {
  const api = new Api(server.url);
  const abandoned = await api.createSession();
  const attended = await api.createSession();
  const student = await joinStudent(server.url, attended.code, "Present");
  await waitFor(() => server.archive.latestByCode(abandoned.code)?.endReason === "idle", "idle end", 5000);
  expect((await api.get(`/api/sessions/${abandoned.code}`)).status).toBe(410);
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect((await api.get(`/api/sessions/${attended.code}`)).status).toBe(200);
  expect(student.room.connection.isOpen).toBe(true);
  await leaveAll(student.room);
});
