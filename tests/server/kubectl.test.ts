import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionCreated } from "../../shared/protocol/http.ts";
import {
  Api,
  type Instructor,
  joinInstructor,
  joinStudent,
  type Student,
  waitFor,
} from "../support/classroom.ts";
import { replayOf } from "../support/replay.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let created: SessionCreated;
let user: Student;
let scheduler: Student;
let lobby: Student;
let teacher: Instructor;

beforeAll(async () => {
  server = await startTestServer();
  const api = new Api(server.url);
  created = await api.createSession("first-pod", { speed: 10 });
  teacher = await joinInstructor(server.url, created.code, created.instructorToken);
  user = await joinStudent(server.url, created.code, "Kay");
  scheduler = await joinStudent(server.url, created.code, "Sam");
  lobby = await joinStudent(server.url, created.code, "Lou");
  await user.ask("seat.take", { seat: "user" });
  await scheduler.ask("seat.take", { seat: "scheduler" });
  await teacher.ask("session.start");
});
afterAll(() => server.stop());

/** A console reply (the test fails on a refusal before reading it). */
type Output = { stdout: string; stderr: string; exitCode: number; commands: number[] };
const terminal = async (who: { ask: Student["ask"] }, payload: object): Promise<Output> => {
  const reply = await who.ask("kubectl", payload);
  if (!reply.ok) throw new Error(`kubectl refused: ${reply.message}`);
  return reply as unknown as Output;
};

const session = () => {
  const room = server.directory.get(created.code);
  if (!room) throw new Error("no session");
  return room;
};

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: console-pod
spec:
  containers:
    - name: web
      image: nginx:1.27
`;

describe("the kubectl console", () => {
  it("reads the live cluster without changing it", async () => {
    const engine = session().classroom.engine;
    await teacher.ask("session.pause");
    const before = engine.hash();
    for (const line of ["kubectl get nodes", "get pods -A -o wide", "describe node worker-1", "get events"]) {
      const reply = await lobby.ask("kubectl", { line });
      expect(reply, line).toMatchObject({ ok: true, exitCode: 0, commands: [] });
    }
    const nodes = await terminal(user, { line: "kubectl get nodes" });
    expect(nodes.stdout).toMatch(/^NAME\s+STATUS/);
    expect(nodes.stdout).toContain("worker-3");
    expect(engine.hash()).toBe(before);
    await teacher.ask("session.resume");
  });

  it("changes go through the seat's authorisation and into the record", async () => {
    const apply = await terminal(user, { line: "kubectl apply -f pod.yaml", files: { "pod.yaml": POD } });
    expect(apply).toMatchObject({ exitCode: 0, stdout: "pod/console-pod created\n" });
    const seqs = apply.commands;
    expect(seqs).toHaveLength(1);
    const record = await server.archive.commands(session().roomId);
    expect(record.find((c) => c.seq === seqs[0])).toMatchObject({
      seat: "user",
      playerId: user.player.id,
      outcome: "accepted",
      command: { type: "Apply" },
    });
    await waitFor(() => user.room.state.pods.has("default/console-pod"), "pod synced");
    await waitFor(
      () => teacher.room.state.instructor?.players.get(user.player.id)?.accepted === 1,
      "a kubectl change counts as an accepted move",
    );

    const cordon = await terminal(scheduler, { line: "kubectl cordon worker-1" });
    expect(cordon.exitCode).toBe(1);
    expect(cordon.stderr).toContain("Error from server (Forbidden)");
    // from the lobby a change refuses the line, saying what to do
    expect(await lobby.ask("kubectl", { line: "kubectl delete pod console-pod" })).toMatchObject({
      ok: false,
      reason: "NoSeat",
      code: "kubectlNeedsSeat",
    });
    expect(session().classroom.engine.state.pods["default/console-pod"]).toBeDefined();

    const bad = await terminal(user, { line: "kubectl get pods | grep web" });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('shell operator "|"');
    expect(await user.ask("kubectl", { line: "" })).toMatchObject({ ok: false, reason: "Malformed" });
  });

  it("a match played from the console replays to the same cluster", async () => {
    await user.ask("kubectl", { line: "kubectl delete pod console-pod" });
    await waitFor(() => session().classroom.engine.state.tick > 50, "time passes");
    const room = session();
    await teacher.ask("session.end");
    const details = await server.archive.details(room.roomId);
    const match = await server.archive.match(room.roomId);
    if (!match || !details) throw new Error("no record");
    const replay = replayOf(match);
    expect(replay.mismatches).toEqual([]);
    expect(replay.engine.hash()).toBe(details.session.finalHash);
  });
});
