import { afterAll, beforeAll, expect, it } from "vitest";
import { ENCODER_BUFFER_BYTES } from "../../server/startServer.ts";
import type { SessionCreated } from "../../shared/protocol/http.ts";
import { Api, joinInstructor, joinStudent, leaveAll, waitFor } from "../support/classroom.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ botPace: "instant" });
});
afterAll(() => server.stop());

/** 100 nodes and 1,000 pods: the largest cluster the room is sized for. */
function bigScenario(): string {
  const docs = [
    "apiVersion: kubeclass.dev/v1\nkind: Scenario\nmetadata: { name: big }\nspec: { title: Big }",
  ];
  for (let i = 1; i <= 100; i++) {
    docs.push(`apiVersion: v1
kind: Node
metadata: { name: node-${i} }
status:
  capacity: { cpu: "16", memory: 64Gi, pods: "110" }
  allocatable: { cpu: "16", memory: 64Gi, pods: "110" }`);
  }
  for (let d = 1; d <= 10; d++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: { name: app-${d} }
spec:
  replicas: 100
  selector: { matchLabels: { app: app-${d} } }
  template:
    metadata: { labels: { app: app-${d} } }
    spec:
      containers: [{ name: web, image: "nginx:1.27", resources: { requests: { cpu: 100m, memory: 128Mi } } }]`);
  }
  return docs.join("\n---\n");
}

it("a late joiner receives a 100-node, 1,000-pod cluster in one state, within the encoder buffer", async () => {
  const api = new Api(server.url);
  const res = await api.post<SessionCreated>("/api/sessions", {
    files: [{ file: "big.yaml", text: bigScenario() }],
    options: { speed: 10 },
  });
  expect(res.status).toBe(201);
  const teacher = await joinInstructor(server.url, res.body.code, res.body.instructorToken);
  await teacher.ask("session.start");
  const running = () => [...teacher.room.state.pods.values()].filter((p) => p.status === "Running").length;
  await waitFor(() => running() >= 1000, "1,000 pods Running", 60_000);
  const warn = console.warn;
  const warnings: unknown[] = [];
  console.warn = (...args: unknown[]) => warnings.push(args);
  try {
    const late = await joinStudent(server.url, res.body.code, "Late");
    await waitFor(() => late.room.state.pods.size === 1000, "all pods in the late joiner's state");
    expect(late.room.state.nodes.size).toBe(100);
    const room = server.directory.get(res.body.code);
    const full = (
      room as unknown as { _serializer: { getFullState(): Uint8Array } }
    )._serializer.getFullState();
    expect(full.byteLength).toBeLessThan(ENCODER_BUFFER_BYTES);
    expect(warnings.filter((w) => String(w).includes("buffer overflow"))).toEqual([]);
    await leaveAll(late.room, teacher.room);
  } finally {
    console.warn = warn;
  }
}, 90_000);
