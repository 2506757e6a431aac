import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionCreated } from "../../shared/protocol/http.ts";
import { MESSAGE_TYPES } from "../../shared/protocol/messages.ts";
import type { Reply } from "../../shared/protocol/replies.ts";
import { Command } from "../../shared/sim/commands.ts";
import { Api, type ClassRoom, joinInstructor, joinStudent, pushesOf, waitFor } from "../support/classroom.ts";
import { checkInvariants } from "../support/invariants.ts";
import { replayOf } from "../support/replay.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

/**
 * Property: whatever any client sends, in any order, the room answers every message, stays up, keeps
 * every client connected, records every accepted command, and the engine's invariants hold.
 */
let server: TestServer;
let created: SessionCreated;
let senders: { name: string; room: ClassRoom; instructor: boolean }[];

const NODES = ["worker-1", "worker-2", "worker-3", "worker-1", "worker-9", ""];
/** Pod names: the fuzzer's own, a bad one, and (added in beforeAll) the Deployment's live pods. */
const PODS = ["fuzz-a", "fuzz-b", "fuzz-c", "Not_A_Name"];
const SEATS = ["kubelet:worker-1", "scheduler", "user"];
const NAMESPACES = ["default", "default", "default", "kube-system", "nope"];
const IMAGES = ["nginx:1.27", "busybox", "redis:7.4-alpine", "nope/nothing:1", "postgres:17"];

const podManifest = fc.record({
  apiVersion: fc.constantFrom("v1", "v1", "v1", "apps/v1", "v2"),
  kind: fc.constantFrom("Pod", "Pod", "Pod", "Pod", "Deployment", "Node", "ConfigMap"),
  metadata: fc.record({
    name: fc.constantFrom("fuzz-a", "fuzz-b", "fuzz-c", "Not_A_Name"),
    labels: fc.constant({ app: "fuzz" }),
  }),
  spec: fc.record(
    {
      nodeName: fc.constantFrom(...NODES),
      containers: fc.array(
        fc.record({
          name: fc.constantFrom("web", "side", "web"),
          image: fc.constantFrom(...IMAGES),
          command: fc.constantFrom(undefined, ["sh", "-c", "sleep 1; exit 3"], ["false"]),
          resources: fc.record({
            requests: fc.record({
              cpu: fc.constantFrom("10m", "500m", "3", "64"),
              memory: fc.constantFrom("16Mi", "4Gi", "1Ti"),
            }),
          }),
        }),
        { minLength: 0, maxLength: 2 },
      ),
    },
    { requiredKeys: ["containers"] },
  ),
});

/** A value for a command field, by the field's name: mostly plausible, sometimes anything. */
function fieldValue(field: string): fc.Arbitrary<unknown> {
  const PODS_NOW = [...PODS];
  const plausible: Record<string, fc.Arbitrary<unknown>> = {
    node: fc.constantFrom(...NODES),
    pod: fc.constantFrom(...PODS_NOW),
    name: fc.constantFrom(...PODS_NOW, ...NODES),
    namespace: fc.constantFrom(...NAMESPACES),
    container: fc.constantFrom("nginx", "web", "side"),
    image: fc.constantFrom(...IMAGES),
    kind: fc.constantFrom("Pod", "pods", "Node", "Deployment", "Nope"),
    seat: fc.constantFrom("scheduler", "user", "kubelet:worker-1", "instructor", "nope"),
    driver: fc.constantFrom("bot", "human"),
    pace: fc.constantFrom("instant", "human"),
    registry: fc.constantFrom("dockerhub", "nope"),
    durationSeconds: fc.integer({ min: -5, max: 120 }),
    replicas: fc.integer({ min: -1, max: 5 }),
    manifest: podManifest,
  };
  return fc.oneof(
    { weight: 12, arbitrary: plausible[field] ?? fc.jsonValue() },
    { weight: 1, arbitrary: fc.jsonValue() },
  );
}

/** Commands some seat of the fuzzing class may run: generated more often, so moves get accepted. */
const COMMON = new Set([
  "Apply",
  "Delete",
  "Bind",
  "PullImage",
  "StartContainer",
  "RenewLease",
  "CordonNode",
  "UncordonNode",
  "FailNode",
  "RecoverNode",
  "SetDriver",
]);

/** Every engine command type, with fields filled by name: the generator follows the engine as it grows. */
const engineCommand = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    ...Command.options.map((option) => {
      const shape = option.shape as Record<string, unknown>;
      const type = (shape.type as { value: string }).value;
      const fields = Object.keys(shape).filter((k) => k !== "type");
      const arbitrary = fc.record(
        Object.fromEntries([["type", fc.constant(type)], ...fields.map((f) => [f, fieldValue(f)])]),
      );
      return { weight: COMMON.has(type) ? 6 : 1, arbitrary };
    }),
  );

/** A message of the protocol with a plausible payload (valid or nearly). */
const protocolMessage = (): fc.Arbitrary<{ type: string; payload: unknown }> =>
  fc.oneof(
    fc.record({ type: fc.constant("seat.take"), payload: fc.record({ seat: fieldValue("seat") }) }),
    fc.record({ type: fc.constant("seat.leave"), payload: fc.constant({}) }),
    fc.record({
      type: fc.constant("kubectl"),
      payload: fc.record({
        line: fc.oneof(
          fc.constantFrom(
            "get pods -A",
            "describe nodes",
            "delete pod fuzz-a",
            "cordon worker-2",
            "uncordon worker-2",
            "scale deployment web --replicas=2",
            "apply -f f.yaml",
            "run fuzz-b --image=nginx:1.27",
            "drain worker-3 --ignore-daemonsets",
            "get pods -o json",
          ),
          fc.string({ minLength: 1, maxLength: 40 }),
        ),
        files: fc.constant({
          "f.yaml":
            "apiVersion: v1\nkind: Pod\nmetadata: { name: fuzz-c }\nspec: { containers: [{ name: c, image: busybox }] }\n",
        }),
      }),
    }),
    fc.record({
      type: fc.constantFrom("session.start", "session.pause", "session.resume"),
      payload: fc.constant({}),
    }),
    fc.record({
      type: fc.constant("session.speed"),
      payload: fc.record({ speed: fc.double({ min: -1, max: 20, noNaN: true }) }),
    }),
    fc.record({ type: fc.constant("session.lock"), payload: fc.record({ locked: fc.boolean() }) }),
    fc.record({ type: fc.constant("session.lateJoin"), payload: fc.record({ allowed: fc.boolean() }) }),
    fc.record({
      type: fc.constant("session.seatChoice"),
      payload: fc.record({ mode: fc.constantFrom("free", "assigned", "random") }),
    }),
    fc.record({
      type: fc.constant("session.teamSize"),
      payload: fc.record({ size: fc.integer({ min: -2, max: 70 }) }),
    }),
    fc.record({
      type: fc.constant("session.wordFilter"),
      payload: fc.record(
        { enabled: fc.boolean(), allow: fc.array(fc.string()) },
        { requiredKeys: ["enabled"] },
      ),
    }),
    fc.record({
      type: fc.constant("seat.assign"),
      payload: fc.record({ playerId: fc.string(), seat: fc.option(fieldValue("seat")) }),
    }),
    fc.record({
      type: fc.constantFrom("player.kick", "player.ban", "player.unban"),
      payload: fc.record({ playerId: fc.string({ maxLength: 10 }) }),
    }),
  );

/** The instructor must not end the session under the fuzzer's feet; everything else goes. */

const message = () =>
  fc.record({
    sender: fc.nat(),
    viaRequest: fc.boolean(),
    body: fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record({
          type: fc.constant("command"),
          payload: fc.record({ command: engineCommand() }),
        }),
      },
      { weight: 3, arbitrary: protocolMessage() },
      {
        weight: 1,
        arbitrary: fc.record({
          type: fc.oneof(
            fc.constantFrom(...MESSAGE_TYPES.filter((t) => t !== "session.end")),
            fc.string({ maxLength: 12 }),
          ),
          payload: fc.jsonValue(),
        }),
      },
    ),
  });

beforeAll(async () => {
  server = await startTestServer({ messageRate: 100_000, messageBurst: 100_000 });
  const api = new Api(server.url);
  created = await api.createSession("node-failure", { speed: 10 });
  const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
  const k = await joinStudent(server.url, created.code, "Kubelet");
  const s = await joinStudent(server.url, created.code, "Scheduler");
  const u = await joinStudent(server.url, created.code, "User");
  const l = await joinStudent(server.url, created.code, "Lobby");
  await k.ask("seat.take", { seat: "kubelet:worker-1" });
  await s.ask("seat.take", { seat: "scheduler" });
  await u.ask("seat.take", { seat: "user" });
  await teacher.ask("session.start");
  const engine = server.directory.get(created.code)?.classroom.engine;
  await waitFor(() => engine && Object.keys(engine.state.pods).length >= 6, "the Deployment's pods");
  for (const key of Object.keys(engine?.state.pods ?? {})) PODS.push(key.split("/")[1] ?? key);
  senders = [
    { name: "instructor", room: teacher.room, instructor: true },
    { name: "kubelet", room: k.room, instructor: false },
    { name: "scheduler", room: s.room, instructor: false },
    { name: "user", room: u.room, instructor: false },
    { name: "lobby", room: l.room, instructor: false },
  ];
});
afterAll(() => server.stop());

function isReply(value: unknown): value is Reply<Record<string, unknown>> {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  if (r.ok === true) return true;
  return (
    r.ok === false && typeof r.reason === "string" && typeof r.message === "string" && r.message.length > 0
  );
}

describe("fuzzing the message handlers", () => {
  // fast-check generates Object.prototype member names on purpose; the engine treats them as unknown names.
  it("names that are Object.prototype members are refused as unknown objects", async () => {
    const api = new Api(server.url);
    const session = await api.createSession("first-pod");
    const teacher = await joinInstructor(server.url, session.code, session.instructorToken);
    const cases = [
      { type: "CordonNode", node: "constructor" },
      { type: "FailNode", node: "toString" },
      { type: "Bind", pod: "web", node: "constructor" },
    ];
    for (const command of cases) {
      const reply = await teacher.ask("command", { command });
      expect(reply, JSON.stringify(command)).toMatchObject({ ok: false, reason: "NotFound" });
    }
  });

  it("random and malformed messages never crash the room nor break the engine", async () => {
    const room = server.directory.get(created.code);
    if (!room) throw new Error("no session");
    const accepted: number[] = [];
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(message(), { minLength: 1, maxLength: 40, size: "medium" }),
        async (messages) => {
          // each run starts with the students on their seats (a run may move them)
          for (const [i, seat] of SEATS.entries()) {
            const student = senders[i + 1];
            if (student) await student.room.request("seat.take" as never, { seat } as never);
          }
          for (const m of messages) {
            const sender = senders[m.sender % senders.length];
            const { type, payload } = m.body;
            if (!sender) continue;
            sent++;
            if (!m.viaRequest) {
              sender.room.send(type as never, payload as never);
              continue;
            }
            const reply = await sender.room.request(type as never, payload as never, { timeout: 5000 }).then(
              (r) => r as unknown,
              (e: Error) => ({ requestError: e.name }),
            );
            if ((reply as { requestError?: string }).requestError) {
              // an unknown type sent as a request: Colyseus answers "no_handler" (wildcards cannot reply)
              expect(MESSAGE_TYPES).not.toContain(type);
              continue;
            }
            expect(
              isReply(reply),
              `${sender.name} ${type} ${JSON.stringify(payload)} -> ${JSON.stringify(reply)}`,
            ).toBe(true);
            const seq = (reply as { seq?: number }).seq;
            if ((reply as { ok: boolean }).ok && typeof seq === "number") accepted.push(seq);
          }
          await new Promise((resolve) => setTimeout(resolve, 3));
          expect(checkInvariants(room.classroom.engine)).toEqual([]);
          expect(room.classroom.ended).toBe(false);
          for (const s of senders) expect(s.room.connection.isOpen, s.name).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
    // every acknowledged command is in the record, accepted
    const record = new Map((await server.archive.commands(room.roomId)).map((c) => [c.seq, c]));
    for (const seq of accepted) expect(record.get(seq)?.outcome).toBe("accepted");
    // the fuzz reaches the engine (most generated moves are refused, by design)
    expect(accepted.length).toBeGreaterThan(5);
    // plain sends that were refused were answered with a push
    const lobby = senders[4];
    if (lobby) await waitFor(() => pushesOf(lobby.room, "refused").length > 0, "refused pushes");
    // the projection still mirrors the engine
    await new Promise((resolve) => setTimeout(resolve, 50));
    const view = senders[0]?.room.state;
    const engine = room.classroom.engine;
    expect(new Set(view?.pods.keys())).toEqual(new Set(Object.keys(engine.state.pods)));
    expect(new Set(view?.nodes.keys())).toEqual(new Set(Object.keys(engine.state.nodes)));
    expect(sent).toBeGreaterThan(1000);
    // and the record reproduces the fuzzed match exactly
    await senders[0]?.room.request("session.pause" as never, {} as never);
    const match = await server.archive.match(room.roomId, { endTick: engine.state.tick });
    if (!match) throw new Error("no record");
    const replay = replayOf(match);
    expect(replay.mismatches).toEqual([]);
    expect(replay.engine.state.tick).toBe(engine.state.tick);
    expect(replay.engine.hash()).toBe(engine.hash());
  });
});
