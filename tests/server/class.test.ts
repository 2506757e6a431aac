import { afterAll, beforeAll, expect, it } from "vitest";
import { Api, joinInstructor, joinStudent, leaveAll, type Student, waitFor } from "../support/classroom.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const CLASS_SIZE = 40;

it("a class of 40 joins, takes seats and everyone follows the same cluster", async () => {
  const api = new Api(server.url);
  const created = await api.createSession("first-pod", { speed: 10 });
  const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
  const students: Student[] = await Promise.all(
    Array.from({ length: CLASS_SIZE }, (_, i) => joinStudent(server.url, created.code, `Student ${i + 1}`)),
  );
  const seats = [...teacher.room.state.seats.keys()];
  const replies = await Promise.all(
    students.map((s, i) => s.ask("seat.take", { seat: seats[i % seats.length] })),
  );
  expect(replies.every((r) => r.ok)).toBe(true);

  for (const s of students) {
    await waitFor(
      () => s.room.state.players.size === CLASS_SIZE,
      `${s.player.nickname} sees the whole class`,
    );
  }
  await waitFor(() => teacher.room.state.instructor?.players.size === CLASS_SIZE, "teacher sees the class");
  const engine = server.directory.get(created.code)?.classroom.engine;
  for (const seat of seats) expect(engine?.state.seats[seat]?.driver).toBe("human");

  // the user team applies a pod; every student sees it run
  const userTeam = students.filter((_, i) => seats[i % seats.length] === "user");
  const schedulerTeam = students.filter((_, i) => seats[i % seats.length] === "scheduler");
  await teacher.ask("session.start");
  const applied = await userTeam[0]?.ask("command", {
    command: {
      type: "Apply",
      manifest: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "class-pod" },
        spec: { containers: [{ name: "web", image: "nginx:1.27" }] },
      },
    },
  });
  expect(applied).toMatchObject({ ok: true });
  const bound = await schedulerTeam[0]?.ask("command", {
    command: { type: "Bind", pod: "class-pod", node: "worker-3" },
  });
  expect(bound).toMatchObject({ ok: true });
  for (const s of students) {
    await waitFor(
      () => s.room.state.pods.get("default/class-pod")?.node === "worker-3",
      "everyone sees the bind",
    );
  }
  expect(students.every((s) => s.room.connection.isOpen)).toBe(true);
  await leaveAll(teacher.room, ...students.map((s) => s.room));
  await waitFor(
    () => engine && Object.values(engine.state.seats).every((seat) => seat.driver === "bot"),
    "bots back",
  );
});
