import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  ApiError,
  InstructorJoinResponse,
  ScenarioSummary,
  SessionCreated,
} from "../../shared/protocol/http.ts";
import { Api } from "../support/classroom.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let api: Api;

beforeAll(async () => {
  server = await startTestServer();
  api = new Api(server.url);
});
afterAll(() => server.stop());

const GOOD_UPLOAD = `apiVersion: kubeclass.dev/v1
kind: Scenario
metadata: { name: upload }
spec: { title: Uploaded, seed: 3 }
---
apiVersion: v1
kind: Pod
metadata: { name: hello }
spec:
  containers:
    - name: hello
      image: nginx:1.27
`;

describe("the HTTP API", () => {
  it("answers /healthz and lists the built-in scenarios", async () => {
    const health = await api.get<{ status: string }>("/healthz");
    expect(health.body.status).toBe("ok");
    const list = await api.get<{ scenarios: ScenarioSummary[] }>("/api/scenarios");
    expect(list.body.scenarios.map((s) => s.name)).toEqual(
      expect.arrayContaining(["first-pod", "node-failure"]),
    );
    expect(list.body.scenarios.find((s) => s.name === "first-pod")).toMatchObject({
      title: "Your first Pod",
      nodes: 3,
    });
  });

  it("creates a session from uploaded YAML, and lists every error of a broken one", async () => {
    const ok = await api.post<SessionCreated>("/api/sessions", {
      files: [{ file: "up.yaml", text: GOOD_UPLOAD }],
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ scenario: "upload", title: "Uploaded" });
    const record = await server.archive.latestByCode(ok.body.code);
    expect(record).toMatchObject({ scenarioSource: "upload", seed: 3 });

    const broken = GOOD_UPLOAD.replace("image: nginx:1.27", "image: ''").replace(
      "name: hello }",
      "name: Hello_World }",
    );
    const bad = await api.post<ApiError>("/api/sessions", { files: [{ file: "broken.yaml", text: broken }] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.reason).toBe("InvalidScenario");
    const errors = bad.body.error.errors ?? [];
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(
      errors.every((e) => e.file === "broken.yaml" && e.text.startsWith("broken.yaml: document 2")),
    ).toBe(true);
    expect(errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(["metadata.name", "spec.containers[0].image"]),
    );
    expect(errors.find((e) => e.field === "spec.containers[0].image")?.line).toBe(12);
  });

  it("refuses bad requests with a reason", async () => {
    const unknown = await api.post<ApiError>("/api/sessions", { scenario: "no-such-scenario" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain("first-pod");
    const badBody = await api.post<ApiError>("/api/sessions", {
      scenario: "first-pod",
      options: { maxPlayers: 500 },
    });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.issues?.length).toBeGreaterThan(0);
    const notJson = await api.post<ApiError>("/api/sessions", "{nope");
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.reason).toBe("BadRequest");
    const joinBody = await api.post<ApiError>("/api/sessions/ACDEFG/join", { nickname: "x" });
    expect(joinBody.status).toBe(404);
    const missing = await api.get<ApiError>("/api/nothing-here");
    expect(missing.status).toBe(404);
    expect(missing.body.error.reason).toBe("NotFound");
  });

  it("serves a QR code of the join URL and the client pages", async () => {
    const created = await api.createSession();
    const qr = await api.get<string>(`/api/sessions/${created.code}/qr.svg`);
    expect(qr.status).toBe(200);
    expect(qr.headers.get("content-type")).toContain("image/svg+xml");
    expect(qr.body).toMatch(/^<svg[^>]*viewBox/);
    const page = await fetch(`${server.url}/join/${created.code}`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toMatch(/<html/i);
  });

  it("gives the instructor's page the join URL and QR code of creation, wherever it is opened", async () => {
    const created = await api.createSession();
    expect(created.joinUrl).toBe(`http://class.example:2567/join/${created.code}`);
    const joined = await api.post<InstructorJoinResponse>(
      `/api/sessions/${created.code}/instructor`,
      {},
      created.instructorToken,
    );
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ joinUrl: created.joinUrl, qrUrl: created.qrUrl });
    expect(joined.body.qrUrl).toBe(`http://class.example:2567/api/sessions/${created.code}/qr.svg`);
    const refused = await api.post<ApiError>(`/api/sessions/${created.code}/instructor`, {}, "wrong");
    expect(refused.status).toBe(401);
    expect(refused.body).not.toHaveProperty("joinUrl");
  });

  it("the instructor controls the session over HTTP too", async () => {
    const created = await api.createSession();
    const res = await api.action(created.code, created.instructorToken, {
      type: "session.lock",
      locked: true,
    });
    expect(res.body).toMatchObject({ ok: true });
    const info = await api.get<{ locked: boolean; reason: string }>(`/api/sessions/${created.code}`);
    expect(info.body).toMatchObject({ locked: true, reason: "SessionLocked" });
    const cmd = await api.action(created.code, created.instructorToken, {
      type: "command",
      command: { type: "CordonNode", node: "worker-1" },
    });
    expect(cmd.body).toMatchObject({ ok: true, seq: expect.any(Number) });
    const unknown = await api.action(created.code, created.instructorToken, { type: "session.explode" });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ ok: false, reason: "UnknownMessage" });
  });
});
