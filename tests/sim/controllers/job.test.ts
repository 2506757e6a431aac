import { describe, expect, it } from "vitest";
import { kubectl as runKubectl } from "../../../shared/kubectl/kubectl.ts";
import type { Engine } from "../../../shared/sim/engine/Engine.ts";
import type { Job } from "../../../shared/sim/model/batch.ts";
import { docs, engineFromYaml, eventsOf, nodeYaml, runUntil } from "../harness.ts";

function jobYaml(
  name: string,
  command: string,
  spec: Record<string, unknown> = {},
  restartPolicy = "Never",
): string {
  return JSON.stringify({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name },
    spec: {
      ...spec,
      template: {
        spec: {
          restartPolicy,
          containers: [{ name: "main", image: "busybox:1.36", command: ["sh", "-c", command] }],
        },
      },
    },
  });
}

const job = (engine: Engine, name: string) => engine.state.jobs[`default/${name}`] as Job;
const condition = (j: Job) => j.status.conditions.find((c) => c.type === "Complete" || c.type === "Failed");
const kubectl = (engine: Engine, line: string) => runKubectl(engine, line).stdout;

describe("the Job controller", () => {
  it("runs parallelism pods until completions succeed, then Complete", () => {
    const engine = engineFromYaml(
      docs(nodeYaml("worker-1"), jobYaml("pi", "sleep 3", { completions: 3, parallelism: 2 })),
    );
    const j = job(engine, "pi");
    expect(j.spec.selector).toEqual({
      matchLabels: { "batch.kubernetes.io/controller-uid": j.metadata.uid },
    });
    expect(j.metadata.labels["job-name"]).toBe("pi");
    engine.runFor(1_000);
    expect(engine.podsOwnedBy(j.metadata.uid)).toHaveLength(2);
    expect(kubectl(engine, "get jobs")).toMatch(
      /^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\npi\s+Running\s+0\/3\s+\d+s\s+1s\n$/,
    );
    runUntil(engine, () => condition(job(engine, "pi"))?.type === "Complete", 120_000);
    expect(job(engine, "pi").status.succeeded).toBe(3);
    expect(eventsOf(engine, "pi").map((e) => e.reason)).toEqual([
      "SuccessfulCreate",
      "SuccessfulCreate",
      "SuccessfulCreate",
      "Completed",
    ]);
    expect(kubectl(engine, "get job pi")).toMatch(/\npi\s+Complete\s+3\/3\s+\d+s\s+\d+s\n$/);
  });

  it("replaces failed pods after 10 s, 20 s ... and fails the Job past its backoffLimit", () => {
    const engine = engineFromYaml(
      docs(nodeYaml("worker-1"), jobYaml("flaky", "exit 1", { backoffLimit: 2 })),
    );
    runUntil(engine, () => condition(job(engine, "flaky"))?.type === "Failed", 300_000);
    const j = job(engine, "flaky");
    expect(condition(j)).toMatchObject({
      reason: "BackoffLimitExceeded",
      message: "Job has reached the specified backoff limit",
    });
    expect(j.status.failed).toBe(3);
    const created = eventsOf(engine, "flaky")
      .filter((e) => e.reason === "SuccessfulCreate")
      .map((e) => e.eventTime);
    const gaps = created.slice(1).map((t, i) => Math.round((t - (created[i] as number)) / 1000));
    // each gap: the pod's run (start, exit) plus a back-off of 10 s, then 20 s
    expect(gaps[0]).toBeGreaterThanOrEqual(10);
    expect(gaps[1]).toBeGreaterThanOrEqual(20);
    expect(kubectl(engine, "get job flaky")).toMatch(/\nflaky\s+Failed\s+0\/1\s/);
  });

  it("activeDeadlineSeconds ends a Job that runs too long", () => {
    const engine = engineFromYaml(
      docs(nodeYaml("worker-1"), jobYaml("slow", "sleep 600", { activeDeadlineSeconds: 5 })),
    );
    runUntil(engine, () => condition(job(engine, "slow")) !== undefined, 60_000);
    expect(condition(job(engine, "slow"))).toMatchObject({
      type: "Failed",
      reason: "DeadlineExceeded",
      message: "Job was active longer than specified deadline",
    });
    runUntil(engine, () => engine.podsOwnedBy(job(engine, "slow").metadata.uid).length === 0, 60_000);
  });

  it("a podFailurePolicy FailJob rule fails the Job at once; ttlSecondsAfterFinished deletes it", () => {
    const policy = {
      podFailurePolicy: { rules: [{ action: "FailJob", onExitCodes: { operator: "In", values: [42] } }] },
      ttlSecondsAfterFinished: 10,
    };
    const engine = engineFromYaml(docs(nodeYaml("worker-1"), jobYaml("strict", "exit 42", policy)));
    runUntil(engine, () => condition(job(engine, "strict")) !== undefined, 60_000);
    const j = job(engine, "strict");
    expect(condition(j)).toMatchObject({ type: "Failed", reason: "PodFailurePolicy" });
    expect(condition(j)?.message).toMatch(
      /^Container main for pod default\/strict-\w{5} failed with exit code 42 matching FailJob rule at index 0$/,
    );
    const finished = engine.now;
    runUntil(engine, () => !engine.state.jobs["default/strict"], 60_000);
    expect(Math.round((engine.now - finished) / 1000)).toBe(10);
    runUntil(engine, () => Object.keys(engine.state.pods).length === 0, 60_000);
  });

  it("refuses a template that restarts Always, as the API server does", () => {
    const engine = engineFromYaml(docs(nodeYaml("worker-1")));
    const manifest = JSON.parse(jobYaml("bad", "true", {}, "Always"));
    expect(engine.apply("user", { type: "Apply", manifest })).toMatchObject({
      ok: false,
      message:
        'The Job "bad" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    });
  });
});
