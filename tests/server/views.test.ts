import { Encoder } from "@colyseus/schema";
import { describe, expect, it } from "vitest";
import { localClassroom } from "../support/localClassroom.ts";

/**
 * A connection gets a StateView only once it may see a tagged field (a machine, a node's kube-proxy
 * rules, the instructor panel): the others take the shared patch, encoded once for all of them.
 */
describe("views cut from the synced state", () => {
  function student(
    classroom: ReturnType<typeof localClassroom>["classroom"],
    sessionId: string,
    name: string,
  ) {
    const admitted = classroom.admission.admitStudent({
      nickname: name,
      deviceId: `device-${name}`,
      ip: "10.0.0.1",
    });
    if (!admitted.ok) throw new Error(admitted.message);
    return classroom.connections.connect(sessionId, { role: "student", playerId: admitted.player.id });
  }

  it("a student without such a seat has none; a kubelet seat attaches one, and it stays", async () => {
    const { classroom, views } = localClassroom("first-pod");
    new Encoder(classroom.state);
    expect(student(classroom, "s1", "Ada")).toBeUndefined();
    expect(student(classroom, "s2", "Bob")).toBeUndefined();
    expect(await classroom.router.handle("s2", "seat.take", { seat: "scheduler" })).toMatchObject({
      ok: true,
    });
    expect(views).toEqual([]);
    const node = [...classroom.state.nodes.keys()][0] as string;
    expect(await classroom.router.handle("s1", "seat.take", { seat: `kubelet:${node}` })).toMatchObject({
      ok: true,
    });
    expect(views.map((v) => v.sessionId)).toEqual(["s1"]);
    // back to the lobby: the same view takes the machine off the screen
    expect(await classroom.router.handle("s1", "seat.leave", {})).toMatchObject({ ok: true });
    expect(views).toHaveLength(1);
    expect(classroom.connections.reconnected("s1")).toBe(views[0]?.view);
  });

  it("the instructor's connection has one from the start", () => {
    const { classroom, views } = localClassroom("first-pod");
    // as in a room: the state has its encoder before anyone connects
    new Encoder(classroom.state);
    expect(classroom.connections.connect("t1", { role: "instructor" })).toBeDefined();
    expect(views).toEqual([]);
  });
});
