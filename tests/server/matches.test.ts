import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  ApiError,
  MatchDetails,
  MatchImported,
  MatchSummary,
  SessionCreated,
} from "../../shared/protocol/http.ts";
import type { Debrief } from "../../shared/replay/debrief.ts";
import type { MatchRecord } from "../../shared/replay/record.ts";
import { SIMULATION_VERSION } from "../../shared/sim/engine/version.ts";
import { Api, joinInstructor, joinStudent, leaveAll, waitFor } from "../support/classroom.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let api: Api;
/** An ended match: a student scheduler placed "web", the bots ran a while. */
let ended: { id: string; created: SessionCreated; player: string };
/** A match still being played. */
let live: { id: string; created: SessionCreated };

beforeAll(async () => {
  server = await startTestServer();
  api = new Api(server.url);
  const created = await api.createSession("first-pod", { speed: 10 });
  const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
  const sched = await joinStudent(server.url, created.code, "Sched");
  await sched.ask("seat.take", { seat: "scheduler" });
  await teacher.ask("session.start");
  expect(
    await sched.ask("command", { command: { type: "Bind", pod: "web", node: "worker-2" } }),
  ).toMatchObject({
    ok: true,
  });
  const room = server.directory.get(created.code);
  if (!room) throw new Error("no session");
  await waitFor(() => room.classroom.engine.state.tick >= 30, "3 s of simulated time");
  await teacher.ask("session.end");
  ended = { id: room.classroom.id, created, player: sched.player.id };
  await leaveAll(teacher.room, sched.room);

  const other = await api.createSession("node-failure");
  live = { id: server.directory.get(other.code)?.classroom.id ?? "", created: other };
});
afterAll(() => server.stop());

const recordOf = async (id: string, token?: string) => {
  const res = await api.get<MatchRecord>(`/api/matches/${id}/record`, token);
  if (res.status !== 200) throw new Error(`record ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

describe("the matches API", () => {
  it("lists every match, newest first; a live one without its join code", async () => {
    const list = (await api.get<{ matches: MatchSummary[] }>("/api/matches")).body.matches;
    const ids = list.map((m) => m.id);
    expect(ids.indexOf(live.id)).toBeLessThan(ids.indexOf(ended.id));
    expect(list.find((m) => m.id === ended.id)).toEqual({
      id: ended.id,
      code: ended.created.code,
      scenario: { name: "first-pod", title: "Your first Pod" },
      status: "ended",
      imported: false,
      createdAt: expect.any(Number),
      startedAt: expect.any(Number),
      endedAt: expect.any(Number),
      players: 1,
      outcome: expect.stringMatching(/^(won|lost: )/),
      endReason: "instructor",
    });
    expect(list.find((m) => m.id === live.id)).toMatchObject({
      code: null,
      status: "live",
      endedAt: null,
      outcome: null,
      players: 0,
    });
    const details = await api.get<MatchDetails>(`/api/matches/${live.id}`);
    expect(details.body).toMatchObject({ status: "live", code: null, scenarioSource: "builtin", endTick: 0 });
    expect(details.body.goals.length).toBeGreaterThan(0);
    expect((await api.get<ApiError>("/api/matches/nope")).body.error.reason).toBe("UnknownMatch");
  });

  it("an ended match's record is public; a live one needs its instructor token", async () => {
    const record = await recordOf(ended.id);
    expect(record).toMatchObject({
      format: "kubeclass.match",
      id: ended.id,
      outcome: expect.any(String),
      simulation: SIMULATION_VERSION,
    });
    expect(record.players).toEqual([{ id: ended.player, nickname: "Sched" }]);
    expect((await api.get(`/api/matches/${live.id}/record`)).status).toBe(401);
    expect((await api.get(`/api/matches/${live.id}/record`, ended.created.instructorToken)).status).toBe(401);
    const liveRecord = await recordOf(live.id, live.created.instructorToken);
    expect(liveRecord).toMatchObject({ id: live.id, endTick: 0 });
    expect(liveRecord.endedAt).toBeUndefined();
  });

  it("an exported match imports, verifies and exports again exactly", async () => {
    const exported = await api.get<string>(`/api/matches/${ended.id}/record`);
    const text = JSON.stringify(exported.body);
    const imported = await api.post<MatchImported>("/api/matches/import", text);
    expect(imported.status).toBe(201);
    expect(imported.body).toEqual({ id: expect.stringMatching(/^imp_/), verified: true, mismatches: [] });
    const again = await api.get<MatchRecord>(`/api/matches/${imported.body.id}/record`);
    expect(again.status).toBe(200);
    expect(JSON.stringify(again.body)).toBe(text);
    const details = await api.get<MatchDetails>(`/api/matches/${imported.body.id}`);
    const original = await api.get<MatchDetails>(`/api/matches/${ended.id}`);
    expect(details.body).toMatchObject({
      status: "imported",
      imported: true,
      code: null,
      verified: true,
      mismatches: [],
      scenario: { name: "first-pod" },
      players: 1,
      endTick: original.body.endTick,
      outcome: original.body.outcome,
      goals: original.body.goals,
    });
    const list = (await api.get<{ matches: MatchSummary[] }>("/api/matches")).body.matches;
    expect(list[0]?.id).toBe(imported.body.id);
  });

  it("a tampered match imports with its mismatches reported; a malformed file is refused", async () => {
    const record = await recordOf(ended.id);
    const checkpoint = record.checkpoints[0];
    if (!checkpoint) throw new Error("no checkpoint");
    const tampered = { ...record, checkpoints: [{ tick: checkpoint.tick, hash: "0123456789abcdef" }] };
    const imported = await api.post<MatchImported>("/api/matches/import", tampered);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({
      verified: false,
      mismatches: [{ tick: checkpoint.tick, expected: "0123456789abcdef", actual: checkpoint.hash }],
    });
    expect((await api.get<MatchDetails>(`/api/matches/${imported.body.id}`)).body).toMatchObject({
      verified: false,
      mismatches: imported.body.mismatches,
    });

    const refuse = async (body: unknown, message: string | RegExp) => {
      const res = await api.post<ApiError>("/api/matches/import", body);
      expect(res.status).toBe(422);
      expect(res.body.error.reason).toBe("InvalidMatchFile");
      expect(res.body.error.message).toMatch(message);
    };
    await refuse({ format: "zip" }, 'not a kubeclass match file (format is "zip")');
    await refuse({ ...record, version: 9 }, "match file version 9 is not supported");
    await refuse({ ...record, seed: -1 }, /: invalid match file: seed: /);
    const broken = await api.post<ApiError>("/api/matches/import", "{not json");
    expect(broken.status).toBe(400);
    const unreplayable = await api.post<ApiError>("/api/matches/import", {
      ...record,
      scenarioFiles: [{ file: "x.yaml", text: "kind: Pod\nmetadata: {}" }],
    });
    expect(unreplayable.status).toBe(422);
    expect(unreplayable.body.error.reason).toBe("UnreplayableMatch");
  });

  it("the debrief is computed once and cached; the CSV downloads as an attachment", async () => {
    expect(await server.library.cachedDebrief(ended.id)).toBeUndefined();
    const first = await api.get<Debrief>(`/api/matches/${ended.id}/debrief`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ scenario: { name: "first-pod" }, mismatches: [] });
    expect(first.body.players).toEqual([expect.objectContaining({ id: ended.player, nickname: "Sched" })]);
    expect(first.body.players[0]?.card.byKind.placement?.count).toBe(1);
    expect(first.body.samples.length).toBeGreaterThan(0);
    const cached = await server.library.cachedDebrief(ended.id);
    expect(cached).toBeDefined();
    expect(JSON.parse(cached ?? "")).toEqual(first.body);
    const second = await api.get<Debrief>(`/api/matches/${ended.id}/debrief`);
    expect(second.body).toEqual(first.body);

    const csv = await fetch(`${server.url}/api/matches/${ended.id}/debrief.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toBe(
      `attachment; filename="kubeclass-first-pod-${ended.id}.csv"`,
    );
    const lines = (await csv.text()).split("\n");
    expect(lines[0]).toMatch(/^player,nickname,rank,points,placement count,placement mean,/);
    expect(lines[1]).toMatch(new RegExp(`^${ended.player},Sched,1,`));

    // a live match's debrief needs the token and is not cached
    expect((await api.get(`/api/matches/${live.id}/debrief`)).status).toBe(401);
    const liveDebrief = await api.get<Debrief>(
      `/api/matches/${live.id}/debrief`,
      live.created.instructorToken,
    );
    expect(liveDebrief.status).toBe(200);
    expect(await server.library.cachedDebrief(live.id)).toBeUndefined();
  });
});
