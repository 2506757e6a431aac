import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MatchDetails, SessionCreated } from "../../shared/protocol/http.ts";
import { CloseCodes, type NoticeMessage } from "../../shared/protocol/replies.ts";
import { Api, joinInstructor, joinStudent, leaveCode, pushesOf } from "../support/classroom.ts";
import { replayOf } from "../support/replay.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let api: Api;

beforeAll(async () => {
  server = await startTestServer();
  api = new Api(server.url);
});
afterAll(() => server.stop());

/** A 5-second scenario on the default cluster: three nodes Ready (met), and a pod nobody creates. */
const SHORT = (conditions: string) => `apiVersion: kubeclass.dev/v1
kind: Scenario
metadata: { name: short }
spec:
  title: Five seconds
  durationSeconds: 5
  winConditions:
${conditions}
`;

async function upload(text: string): Promise<SessionCreated> {
  const res = await api.post<SessionCreated>("/api/sessions", {
    files: [{ file: "short.yaml", text }],
    options: { speed: 10 },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}

describe("the outcome of a match", () => {
  it("the scenario's duration ends the session on its last tick; everyone is told the outcome", async () => {
    const created = await upload(
      SHORT("    - { type: NodesReady, count: 3 }\n    - { type: PodRunning, name: ghost }"),
    );
    const student = await joinStudent(server.url, created.code, "Tess");
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    const closed = leaveCode(student.room);
    const id = server.directory.get(created.code)?.classroom.id ?? "";
    await teacher.ask("session.start");
    expect(await closed).toBe(CloseCodes.SESSION_ENDED);

    const notice = pushesOf(student.room, "notice").at(-1) as NoticeMessage;
    expect(notice.message).toBe("Time is up. The class lost: 1 of 2 goals met.");
    expect(notice).toMatchObject({
      code: "sessionOver",
      params: {
        why: { code: "timeUp", params: {} },
        verdict: { code: "classLost", params: { met: 1, total: 2 } },
      },
    });
    expect(notice.outcome).toMatchObject({
      result: "lost: Pod ghost is Running and Ready (Pod ghost does not exist)",
      won: false,
      reason: "time-up",
      simulatedSeconds: 5,
    });
    expect(notice.outcome?.goals.map((g) => g.met)).toEqual([true, false]);

    const session = await server.archive.session(id);
    expect(session).toMatchObject({
      endReason: "time-up",
      finalTick: 50,
      result: "lost: Pod ghost is Running and Ready (Pod ghost does not exist)",
    });
    expect(session?.goals).toEqual(notice.outcome?.goals);
    const match = await server.archive.match(id);
    if (!match) throw new Error("no record");
    expect(match).toMatchObject({ endTick: 50, outcome: session?.result });
    expect(replayOf(match).engine.hash()).toBe(session?.finalHash);
  });

  it("the teacher ending the session judges the goals too; the matches API shows them", async () => {
    const created = await upload(SHORT("    - { type: NodesReady, count: 3 }"));
    const student = await joinStudent(server.url, created.code, "Will");
    const id = server.directory.get(created.code)?.classroom.id ?? "";
    const closed = leaveCode(student.room);
    await api.action(created.code, created.instructorToken, { type: "session.end" });
    expect(await closed).toBe(CloseCodes.SESSION_ENDED);
    const notice = pushesOf(student.room, "notice").at(-1) as NoticeMessage;
    expect(notice).toMatchObject({
      message: "The teacher ended the session. The class won: all 1 goal is met.",
      outcome: { result: "won", won: true, reason: "instructor", simulatedSeconds: 0 },
    });
    const details = await api.get<MatchDetails>(`/api/matches/${id}`);
    expect(details.body).toMatchObject({
      id,
      code: created.code,
      status: "ended",
      outcome: "won",
      endReason: "instructor",
      players: 1,
      endTick: 0,
    });
    expect(details.body.goals).toEqual([
      expect.objectContaining({ met: true, description: "3 nodes are Ready", detail: "3 nodes Ready" }),
    ]);
  });
});
