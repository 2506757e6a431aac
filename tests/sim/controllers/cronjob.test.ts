import { describe, expect, it } from "vitest";
import { kubectl } from "../../../shared/kubectl/kubectl.ts";
import { nextScheduleTime, parseSchedule } from "../../../shared/sim/cron.ts";
import type { Engine } from "../../../shared/sim/engine/Engine.ts";
import { docs, engineFromYaml, eventsOf, nodeYaml } from "../harness.ts";

function cronJobYaml(name: string, command: string, spec: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name },
    spec: {
      schedule: "* * * * *",
      ...spec,
      jobTemplate: {
        spec: {
          template: {
            spec: {
              restartPolicy: "OnFailure",
              containers: [{ name: "main", image: "busybox:1.36", command: ["sh", "-c", command] }],
            },
          },
        },
      },
    },
  });
}

const at = (iso: string) => Date.parse(iso);
const jobNames = (engine: Engine) =>
  Object.values(engine.state.jobs)
    .map((j) => j.metadata.name)
    .sort();

describe("cron schedules", () => {
  it.each<[string, string, string]>([
    ["* * * * *", "2025-01-01T00:00:30Z", "2025-01-01T00:01:00Z"],
    ["*/15 * * * *", "2025-01-01T00:14:00Z", "2025-01-01T00:15:00Z"],
    ["0 3 * * *", "2025-01-01T04:00:00Z", "2025-01-02T03:00:00Z"],
    ["30 9 * * mon-fri", "2025-01-03T10:00:00Z", "2025-01-06T09:30:00Z"],
    ["0 0 1 jan *", "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z"],
    ["@hourly", "2025-01-01T00:59:59Z", "2025-01-01T01:00:00Z"],
    ["0 0 13 * 5", "2025-01-01T00:00:00Z", "2025-01-03T00:00:00Z"],
  ])("%s after %s: %s", (schedule, after, expected) => {
    const parsed = parseSchedule(schedule);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(new Date(nextScheduleTime(parsed.value, at(after)) ?? 0).toISOString()).toBe(
      new Date(at(expected)).toISOString(),
    );
  });

  it.each<[string, string]>([
    ["* * *", "expected exactly 5 fields, found 3: [* * *]"],
    ["61 * * * *", "end of range (61) above maximum (59): 61"],
    ["x * * * *", 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ["@fortnightly", "unrecognized descriptor: @fortnightly"],
  ])("%s is refused: %s", (schedule, message) => {
    expect(parseSchedule(schedule)).toEqual({ ok: false, message });
  });
});

describe("the CronJob controller", () => {
  it("creates a Job named after the scheduled minute, notes it done and keeps the history", () => {
    const engine = engineFromYaml(
      docs(nodeYaml("worker-1"), cronJobYaml("hello", "echo hi", { successfulJobsHistoryLimit: 2 })),
    );
    engine.runFor(61_000);
    const minute = Date.parse("2025-01-01T00:01:00Z") / 60_000;
    expect(jobNames(engine)).toEqual([`hello-${minute}`]);
    const job = engine.state.jobs[`default/hello-${minute}`];
    expect(job?.metadata.annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"]).toBe(
      "2025-01-01T00:01:00Z",
    );
    expect(kubectl(engine, "get cronjobs").stdout).toMatch(
      /^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\nhello\s+\* \* \* \* \*\s+<none>\s+False\s+[01]\s+1s\s+61s\n$/,
    );
    engine.runFor(4 * 60_000);
    // five runs: the last still active, the two newest finished ones kept
    expect(jobNames(engine)).toEqual([`hello-${minute + 2}`, `hello-${minute + 3}`, `hello-${minute + 4}`]);
    const reasons = eventsOf(engine, "hello").map((e) => e.reason);
    expect(reasons.filter((r) => r === "SuccessfulCreate")).toHaveLength(5);
    expect(reasons).toContain("SawCompletedJob");
    expect(reasons.filter((r) => r === "SuccessfulDelete")).toHaveLength(2);
  });

  it("Forbid skips a run while the last one is active; Replace replaces it", () => {
    const forbid = engineFromYaml(
      docs(nodeYaml("worker-1"), cronJobYaml("long", "sleep 100", { concurrencyPolicy: "Forbid" })),
    );
    forbid.runFor(125_000);
    expect(jobNames(forbid)).toHaveLength(1);
    expect(eventsOf(forbid, "long").map((e) => e.message)).toContain(
      "Not starting job because prior execution is running and concurrency policy is Forbid",
    );
    const replace = engineFromYaml(
      docs(nodeYaml("worker-1"), cronJobYaml("long", "sleep 100", { concurrencyPolicy: "Replace" })),
    );
    replace.runFor(125_000);
    const minute = Date.parse("2025-01-01T00:02:00Z") / 60_000;
    expect(jobNames(replace)).toEqual([`long-${minute}`]);
    expect(eventsOf(replace, "long").filter((e) => e.reason === "SuccessfulDelete")).toHaveLength(1);
  });

  it("refuses an unparseable schedule", () => {
    const engine = engineFromYaml(docs(nodeYaml("worker-1")));
    const manifest = JSON.parse(cronJobYaml("bad", "true", { schedule: "every minute" }));
    expect(engine.apply("user", { type: "Apply", manifest })).toMatchObject({
      ok: false,
      message:
        'The CronJob "bad" is invalid: spec.schedule: Invalid value: "every minute": expected exactly 5 fields, found 2: [every minute]',
    });
  });
});
