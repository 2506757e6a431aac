import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MatchArchive } from "../../server/storage/MatchArchive.ts";
import { MatchDatabase } from "../../server/storage/MatchDatabase.ts";
import type { SessionPublicInfo } from "../../shared/protocol/http.ts";
import { exited, killChildren, startChild } from "../support/child.ts";
import { Api, joinInstructor, joinStudent } from "../support/classroom.ts";
import { replayOf } from "../support/replay.ts";
import { startTestServer } from "../support/server.ts";

const dirs: string[] = [];
afterAll(() => {
  killChildren();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("durability of the record", () => {
  it("a server killed with SIGKILL mid-session keeps every acknowledged command", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kubeclass-kill-"));
    dirs.push(dataDir);
    const { child, url } = await startChild({
      PORT: "0",
      DATA_DIR: dataDir,
      MESSAGE_RATE: "1000",
      MESSAGE_BURST: "1000",
    });
    const api = new Api(url);
    const created = await api.createSession("first-pod", { speed: 10 });
    const teacher = await joinInstructor(url, created.code, created.instructorToken);
    const user = await joinStudent(url, created.code, "User");
    const kubelet = await joinStudent(url, created.code, "Kubelet");
    for (const room of [teacher.room, user.room, kubelet.room]) room.reconnection.enabled = false;
    await user.ask("seat.take", { seat: "user" });
    await kubelet.ask("seat.take", { seat: "kubelet:worker-1" });
    await teacher.ask("session.start");

    const acked = new Map<number, number>();
    let stop = false;
    const play = async (ask: typeof user.ask, command: (i: number) => unknown) => {
      for (let i = 0; !stop; i++) {
        const reply = await ask("command", { command: command(i) }).catch(() => undefined);
        if (reply?.ok && typeof reply.seq === "number") acked.set(reply.seq, reply.tick as number);
      }
    };
    const players = [
      play(user.ask, (i) => ({ type: i % 2 ? "UncordonNode" : "CordonNode", node: "worker-2" })),
      play(user.ask, (i) => ({
        type: "Apply",
        manifest: {
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: `p-${i}` },
          spec: { containers: [{ name: "c", image: "busybox", command: ["sleep", "5"] }] },
        },
      })),
      play(kubelet.ask, () => ({ type: "RenewLease", node: "worker-1" })),
      play(teacher.ask, (i) => ({ type: i % 2 ? "RecoverNode" : "FailNode", node: "worker-3" })),
    ];
    while (acked.size < 150) await new Promise((resolve) => setTimeout(resolve, 5));
    child.kill("SIGKILL"); // requests are still in flight
    stop = true;
    await Promise.all(players);
    expect((await exited(child)).signal).toBe("SIGKILL");

    const database = MatchDatabase.open(dataDir);
    try {
      const archive = new MatchArchive(database);
      const session = archive.latestByCode(created.code);
      expect(session?.endedAt).toBeUndefined();
      const recorded = new Map(archive.commands(session?.id ?? "").map((c) => [c.seq, c]));
      for (const [seq, tick] of acked) {
        expect(recorded.get(seq), `acknowledged command #${seq}`).toMatchObject({
          tick,
          outcome: "accepted",
        });
      }
      expect(recorded.size).toBeGreaterThanOrEqual(acked.size);
      const record = archive.match(session?.id ?? "");
      if (!record) throw new Error("no record");
      expect(replayOf(record).mismatches).toEqual([]);
    } finally {
      database.close();
    }

    // the next start resumes the session under its code, paused (tests/server/resume.test.ts goes further)
    const restarted = await startTestServer({ dataDir });
    try {
      expect(restarted.resumed).toEqual([created.code]);
      const info = await new Api(restarted.url).get<SessionPublicInfo>(`/api/sessions/${created.code}`);
      expect(info.status).toBe(200);
      expect(info.body.status).toBe("paused");
      expect((await restarted.archive.latestByCode(created.code))?.endedAt).toBeUndefined();
    } finally {
      await restarted.close();
    }
  });

  it("SIGTERM suspends the sessions and exits 0; a bad setting exits 1 with a clear message", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kubeclass-term-"));
    dirs.push(dataDir);
    const { child, url } = await startChild({ PORT: "0", DATA_DIR: dataDir });
    const created = await new Api(url).createSession();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    child.kill("SIGTERM");
    expect((await exited(child)).code).toBe(0);
    const database = MatchDatabase.open(dataDir);
    const archive = new MatchArchive(database);
    const session = archive.latestByCode(created.code);
    // left open for the next start to resume, with the tick it stopped at
    expect(session).toMatchObject({ lastTick: 0 });
    expect(session?.endedAt).toBeUndefined();
    expect(archive.details(session?.id ?? "")?.events.map((e) => e.kind)).toContain("session-suspended");
    database.close();

    const bad = startChild({ PORT: "99999", DATA_DIR: dataDir, JOIN_RATE_LIMIT: "lots" });
    await expect(bad).rejects.toThrow(/exited with 1/);
    const message = await bad.catch((e: Error) => e.message);
    expect(message).toContain('PORT="99999"');
    expect(message).toContain('JOIN_RATE_LIMIT="lots": must be a whole number');
    expect(message).not.toMatch(/\n\s+at /);
  });
});
