import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionCreated } from "../../shared/protocol/http.ts";
import type { KubectlOutput } from "../../shared/protocol/replies.ts";
import { Api, joinInstructor, joinStudent, leaveAll } from "../support/classroom.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

/**
 * No class can hold more than the server allows: the operator's limits (QUOTA_*), lowered by a teacher,
 * set in each class's engine through the record and enforced by its API server for kubectl, the
 * scenario file and the timeline alike; the teacher cannot lift them with a raw command.
 */
let server: TestServer;
let api: Api;

beforeAll(async () => {
  server = await startTestServer({ quota: { pods: 200, nodes: 10, objects: 1000, replicas: 50 } });
  api = new Api(server.url);
});
afterAll(() => server.stop());

describe("a class's quota", () => {
  it("refuses one kubectl line asking for 100,000 replicas, with kubectl's words", async () => {
    const created = await api.createSession("first-pod", { speed: 10 });
    const user = await joinStudent(server.url, created.code, "Uma");
    await user.ask("seat.take", { seat: "user" });
    await api.action(created.code, created.instructorToken, { type: "session.start" });
    const huge = (await user.ask("kubectl", {
      line: "kubectl create deployment huge --image=nginx:1.27 --replicas=100000",
    })) as unknown as KubectlOutput & { ok: boolean };
    expect(huge.exitCode).toBe(1);
    expect(huge.stderr).toContain("spec.replicas: Invalid value: 100000: must be less than or equal to 50");
    const fine = (await user.ask("kubectl", {
      line: "kubectl create deployment fine --image=nginx:1.27 --replicas=5",
    })) as unknown as KubectlOutput;
    expect(fine.exitCode).toBe(0);
    const scaled = (await user.ask("kubectl", {
      line: "kubectl scale deployment/fine --replicas=51",
    })) as unknown as KubectlOutput;
    expect(scaled.exitCode).toBe(1);
    expect(server.directory.get(created.code)?.classroom.engine.state.quota).toEqual({
      pods: 200,
      nodes: 10,
      objects: 1000,
      replicas: 50,
    });
    await leaveAll(user.room);
  });

  it("a teacher may ask for less, never more, and cannot lift it by a raw command", async () => {
    const res = await api.post<SessionCreated>("/api/sessions", {
      scenario: "first-pod",
      options: { quota: { pods: 20, replicas: 1_000_000 } },
    });
    expect(res.status).toBe(201);
    const quota = server.directory.get(res.body.code)?.classroom.engine.state.quota;
    expect(quota).toMatchObject({ pods: 20, replicas: 50 });
    const teacher = await joinInstructor(server.url, res.body.code, res.body.instructorToken);
    const lift = await teacher.ask("command", { command: { type: "SetQuota", pods: 1_000_000 } });
    expect(lift).toMatchObject({ ok: false, reason: "Forbidden", code: "serverOnlyCommand" });
    expect(server.directory.get(res.body.code)?.classroom.engine.state.quota?.pods).toBe(20);
    await leaveAll(teacher.room);
  });

  it("names a scenario that asks for more before a class is made of it, and in the editor's check", async () => {
    const nodes = Array.from(
      { length: 12 },
      (_, i) => `apiVersion: v1\nkind: Node\nmetadata: { name: n${i} }\n`,
    ).join("---\n");
    const upload = await api.post("/api/sessions", { files: [{ file: "big.yaml", text: nodes }] });
    expect(upload.status).toBe(422);
    expect(JSON.stringify(upload.body)).toContain("12 Nodes: this server allows at most 10 per class");
    const check = await api.post<{ ok: boolean; errors: { message: string }[] }>("/api/scenarios/validate", {
      files: [{ file: "big.yaml", text: nodes }],
    });
    expect(check.body.ok).toBe(false);
    expect(check.body.errors[0]?.message).toContain("12 Nodes");
  });
});
