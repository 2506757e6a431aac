import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../server/startServer.ts";
import type { ApiError, ScenarioValidation } from "../../shared/protocol/http.ts";
import { Api } from "../support/classroom.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let api: Api;

beforeAll(async () => {
  server = await startTestServer();
  api = new Api(server.url);
});
afterAll(() => server.stop());

const SCENARIOS = join(PROJECT_ROOT, "scenarios");

describe("scenario files for the editor", () => {
  it("every built-in scenario downloads as YAML, exactly as on disk", async () => {
    const files = readdirSync(SCENARIOS).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const file of files) {
      const res = await fetch(`${server.url}/api/scenarios/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get("content-type"), file).toMatch(/^application\/yaml/);
      expect(res.headers.get("content-disposition"), file).toBe(`attachment; filename="${file}"`);
      expect(await res.text(), file).toBe(readFileSync(join(SCENARIOS, file), "utf8"));
    }
    const missing = await api.get<ApiError>("/api/scenarios/nope.yaml");
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain("first-pod.yaml");
    expect((await api.get("/api/scenarios/..%2Fpackage.json")).status).toBe(404);
  });

  it("validates files: a summary when they load, every error at its file, document, line and field", async () => {
    const text = readFileSync(join(SCENARIOS, "first-pod.yaml"), "utf8");
    const ok = await api.post<ScenarioValidation>("/api/scenarios/validate", {
      files: [{ file: "first-pod.yaml", text }],
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      ok: true,
      errors: [],
      summary: {
        name: "first-pod",
        title: "Your first Pod",
        durationSeconds: 600,
        nodes: 3,
        seed: 1,
        winConditions: 2,
        timelineSteps: 1,
        notSimulated: [],
      },
    });
    expect(ok.body.summary?.goals.length).toBe(4);

    const broken = text
      .replace(
        "image: nginx:1.27\n      ports:\n        - containerPort: 80\n      resources",
        "image: ''\n      resources",
      )
      .replace("durationSeconds: 600", "durationSeconds: soon");
    const bad = await api.post<ScenarioValidation>("/api/scenarios/validate", {
      files: [{ file: "mine.yaml", text: broken }],
    });
    expect(bad.status).toBe(200);
    expect(bad.body.ok).toBe(false);
    expect(bad.body.summary).toBeUndefined();
    expect(bad.body.errors.length).toBeGreaterThanOrEqual(2);
    for (const e of bad.body.errors) {
      expect(e).toMatchObject({
        file: "mine.yaml",
        document: expect.any(Number),
        message: expect.any(String),
      });
      expect(e.line).toBeGreaterThan(0);
      expect(e.text).toContain("mine.yaml: document");
    }
    const image = bad.body.errors.find((e) => e.field?.includes("image"));
    expect(image).toMatchObject({ document: 2, field: "spec.containers[0].image" });
    expect(broken.split("\n")[(image?.line ?? 0) - 1]).toContain("image: ''");
    const duration = bad.body.errors.find((e) => e.field?.includes("durationSeconds"));
    expect(duration).toMatchObject({ document: 1 });
    expect(broken.split("\n")[(duration?.line ?? 0) - 1]).toContain("durationSeconds: soon");

    const malformed = await api.post<ApiError>("/api/scenarios/validate", { files: [] });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.reason).toBe("BadRequest");
  });
});
