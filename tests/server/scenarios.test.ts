import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScenarioSummary } from "../../shared/protocol/http.ts";
import { Api, joinInstructor, leaveAll, waitFor } from "../support/classroom.ts";
import { checkInvariants } from "../support/invariants.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let scenarios: ScenarioSummary[];

beforeAll(async () => {
  server = await startTestServer();
  scenarios = (await new Api(server.url).get<{ scenarios: ScenarioSummary[] }>("/api/scenarios")).body
    .scenarios;
});
afterAll(() => server.stop());

describe("every built-in scenario runs in a classroom", () => {
  it("lists the scenarios directory", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(2);
  });

  it("each one starts, runs on the room clock and mirrors the engine in the synced state", async () => {
    const api = new Api(server.url);
    // all at once: sessions are independent rooms on one clock
    const check = async (name: string) => {
      const created = await api.createSession(name, { speed: 10 });
      const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
      await teacher.ask("session.start");
      const room = server.directory.get(created.code);
      const engine = room?.classroom.engine;
      if (!engine) throw new Error(`${name}: no session`);
      await waitFor(() => engine.state.tick >= 100, `${name}: 10 s of simulated time`, 10_000);
      await teacher.ask("session.pause");
      const state = teacher.room.state;
      await waitFor(() => state.session.tick === engine.state.tick, `${name}: synced tick`);
      expect(checkInvariants(engine), name).toEqual([]);
      expect(new Set(state.nodes.keys()), name).toEqual(new Set(Object.keys(engine.state.nodes)));
      expect(new Set(state.pods.keys()), name).toEqual(new Set(Object.keys(engine.state.pods)));
      const workloads = [
        ...Object.keys(engine.state.deployments ?? {}).map((k) => `Deployment/${k}`),
        ...Object.keys(engine.state.replicasets ?? {}).map((k) => `ReplicaSet/${k}`),
        ...Object.keys(engine.state.statefulsets ?? {}).map((k) => `StatefulSet/${k}`),
        ...Object.keys(engine.state.daemonsets ?? {}).map((k) => `DaemonSet/${k}`),
        ...Object.keys(engine.state.jobs ?? {}).map((k) => `Job/${k}`),
        ...Object.keys(engine.state.cronjobs ?? {}).map((k) => `CronJob/${k}`),
      ];
      expect(new Set(state.workloads.keys()), name).toEqual(new Set(workloads));
      expect(new Set(state.services.keys()), name).toEqual(new Set(Object.keys(engine.state.services ?? {})));
      for (const [key, pod] of Object.entries(engine.state.pods)) {
        expect(state.pods.get(key)?.node ?? "", `${name} ${key}`).toBe(pod.spec.nodeName ?? "");
      }
      const seats = Object.keys(engine.state.seats).filter((s) => s !== "instructor" && s !== "scenario");
      expect(new Set(state.seats.keys()), name).toEqual(new Set(seats));
      expect((await teacher.ask("session.end")).ok).toBe(true);
      await leaveAll(teacher.room);
    };
    await Promise.all(scenarios.map((s) => check(s.name)));
  }, 60_000);
});
