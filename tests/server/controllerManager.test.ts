import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completionFor } from "../../client/dom/completion.ts";
import type { KubectlOutput } from "../../shared/protocol/replies.ts";
import type { ClassroomStateView, WorkloadView } from "../../shared/protocol/state.ts";
import { Api, joinStudent, leaveAll, type Student, waitFor } from "../support/classroom.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

/**
 * A student plays the controller manager by hand: the bot no longer makes a Deployment's ReplicaSet, so
 * the synced state says which Deployment lacks one (currentReplicaSet ""), and the student's moves
 * (CreateReplicaSet, ScaleReplicaSet, CreateReplica) take a new Deployment to Running pods; a new
 * template (kubectl set image) needs a ReplicaSet of its own again.
 */
let server: TestServer;
let api: Api;

beforeAll(async () => {
  server = await startTestServer();
  api = new Api(server.url);
});
afterAll(() => server.stop());

async function kubectl(who: Student, line: string): Promise<KubectlOutput> {
  const reply = await who.ask("kubectl", { line });
  if (!reply.ok) throw new Error(`kubectl refused: ${reply.message}`);
  const out = reply as unknown as KubectlOutput;
  if (out.exitCode !== 0) throw new Error(`kubectl ${line}: ${out.stderr}`);
  return out;
}

const workload = (state: ClassroomStateView, id: string): WorkloadView | undefined => state.workloads.get(id);
const replicaSetsOf = (state: ClassroomStateView, deployment: string) =>
  [...state.workloads.values()].filter(
    (w) => w.kind === "ReplicaSet" && w.owner === `Deployment/${deployment}`,
  );
const containersOf = (w: WorkloadView | undefined) =>
  [...(w?.containers ?? [])].map((c) => ({ name: c.name, image: c.image }));

describe("a student controller manager", () => {
  it("takes a Deployment from nothing to Running pods by hand, and makes the ReplicaSet of a new template", async () => {
    const created = await api.createSession("first-pod", { speed: 10 });
    const cm = await joinStudent(server.url, created.code, "Ctrl");
    const user = await joinStudent(server.url, created.code, "Kube");
    expect(await cm.ask("seat.take", { seat: "controller-manager" })).toMatchObject({ ok: true });
    expect(await user.ask("seat.take", { seat: "user" })).toMatchObject({ ok: true });
    await api.action(created.code, created.instructorToken, { type: "session.start" });
    const state = cm.room.state;

    await kubectl(user, "create deployment web --image=nginx:1.27 --replicas=2");
    const id = "Deployment/default/web";
    await waitFor(() => workload(state, id), "the Deployment synced");
    expect(workload(state, id)).toMatchObject({ kind: "Deployment", replicas: 2, currentReplicaSet: "" });
    expect(containersOf(workload(state, id))).toEqual([{ name: "nginx", image: "nginx:1.27" }]);
    // the console completes `set image` with the template's container, read from the synced state
    expect(completionFor(user.room.state, "set image deployment/web ")).toEqual(["nginx="]);

    // nobody else makes the ReplicaSet: a second of simulated time later there is still none
    const tick = state.session.tick;
    await waitFor(() => state.session.tick >= tick + 10, "a simulated second");
    expect(replicaSetsOf(state, "web")).toEqual([]);
    expect(workload(state, id)?.currentReplicaSet).toBe("");

    expect(
      await cm.ask("command", { command: { type: "CreateReplicaSet", deployment: "web" } }),
    ).toMatchObject({ ok: true });
    await waitFor(() => workload(state, id)?.currentReplicaSet, "the current ReplicaSet named");
    const first = workload(state, id)?.currentReplicaSet ?? "";
    expect(first).toMatch(/^web-[a-z0-9]+$/);
    const rs = () => workload(state, `ReplicaSet/default/${first}`);
    await waitFor(rs, "the ReplicaSet synced");
    expect(rs()).toMatchObject({ replicas: 0, owner: "Deployment/web", currentReplicaSet: "" });
    expect(containersOf(rs())).toEqual([{ name: "nginx", image: "nginx:1.27" }]);
    expect(
      await cm.ask("command", { command: { type: "CreateReplicaSet", deployment: "web" } }),
    ).toMatchObject({ ok: false, reason: "AlreadyExists" });

    expect(
      await cm.ask("command", { command: { type: "ScaleReplicaSet", replicaSet: first, replicas: 2 } }),
    ).toMatchObject({ ok: true });
    for (let i = 0; i < 2; i++) {
      expect(
        await cm.ask("command", { command: { type: "CreateReplica", replicaSet: first } }),
      ).toMatchObject({ ok: true });
    }
    const running = () =>
      [...state.pods.values()].filter((p) => p.owner === `ReplicaSet/${first}` && p.status === "Running");
    await waitFor(() => running().length === 2, "two Running pods", 20_000);
    await waitFor(() => workload(state, id)?.availableReplicas === 2, "the Deployment available", 20_000);

    // a new template: the Deployment has no ReplicaSet for it until the controller manager makes one
    await kubectl(user, "set image deployment/web nginx=nginx:1.26");
    await waitFor(() => workload(state, id)?.containers.at(0)?.image === "nginx:1.26", "the new template");
    expect(workload(state, id)?.currentReplicaSet).toBe("");
    expect(rs()?.containers.at(0)?.image).toBe("nginx:1.27");
    expect(
      await cm.ask("command", { command: { type: "CreateReplicaSet", deployment: "web" } }),
    ).toMatchObject({ ok: true });
    await waitFor(() => workload(state, id)?.currentReplicaSet, "the new current ReplicaSet");
    const second = workload(state, id)?.currentReplicaSet;
    expect(second).not.toBe(first);
    expect(
      replicaSetsOf(state, "web")
        .map((w) => w.name)
        .sort(),
    ).toEqual([first, second].sort());
    await leaveAll(cm.room, user.room);
  });

  it("a student on another seat cannot make a ReplicaSet", async () => {
    const created = await api.createSession("first-pod", { speed: 10 });
    const user = await joinStudent(server.url, created.code, "Kube");
    await user.ask("seat.take", { seat: "user" });
    await api.action(created.code, created.instructorToken, { type: "session.start" });
    await kubectl(user, "create deployment web --image=nginx:1.27");
    const reply = await user.ask("command", { command: { type: "CreateReplicaSet", deployment: "web" } });
    expect(reply).toMatchObject({ ok: false, reason: "Forbidden" });
    await leaveAll(user.room);
  });
});
