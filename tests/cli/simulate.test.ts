import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const tsx = join(process.cwd(), "node_modules/.bin/tsx");

async function simulate(...args: string[]) {
  try {
    const { stdout, stderr } = await run(tsx, ["server/cli/simulate.ts", ...args], { cwd: process.cwd() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run simulate", () => {
  it("--output json prints a List of Nodes and Pods plus per-occurrence Events", async () => {
    const { code, stdout } = await simulate(
      "scenarios/first-pod.yaml",
      "--seconds",
      "30",
      "--output",
      "json",
    );
    expect(code).toBe(0);
    const list = JSON.parse(stdout);
    expect(list.kind).toBe("List");
    const pod = list.items.find(
      (i: { kind: string; metadata: { name: string } }) => i.kind === "Pod" && i.metadata.name === "web",
    );
    expect(pod.status.phase).toBe("Running");
    expect(pod.status.containerStatuses[0].state.running.startedAt).toMatch(/^2025-01-01T00:00:\d\dZ$/);
    expect(list.items.filter((i: { kind: string }) => i.kind === "Node")).toHaveLength(3);
    const reasons = list.events
      .filter((e: { involvedObject: { name: string } }) => e.involvedObject.name === "web")
      .map((e: { reason: string }) => e.reason);
    expect(reasons).toEqual(["Scheduled", "Pulling", "Pulled", "Created", "Started"]);
    for (const event of list.events) {
      expect(event).toMatchObject({ apiVersion: "v1", kind: "Event", count: 1 });
      expect(event.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(["Normal", "Warning"]).toContain(event.type);
    }
  });

  it("--output wide prints kubectl-style tables", async () => {
    const { code, stdout } = await simulate(
      "scenarios/first-pod.yaml",
      "--seconds",
      "130",
      "--output",
      "wide",
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^NAME +STATUS +ROLES +AGE +VERSION +INTERNAL-IP +EXTERNAL-IP +OS-IMAGE +KERNEL-VERSION +CONTAINER-RUNTIME$/m,
    );
    expect(stdout).toMatch(/^node\/worker-1 +Ready +<none> +2m10s +v1\.31\.4 /m);
    expect(stdout).toMatch(/^default +pod\/web +1\/1 +Running +0 +2m10s +10\.244\.\d+\.\d+ +worker-\d/m);
    expect(stdout).toMatch(/^default +pod\/web-2 +\d\/1 +\w+ +0 +\d+s/m);
    expect(stdout).toMatch(/^NAMESPACE +LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/m);
  });

  it("the same seed gives the same output; the scenario's timeline runs", async () => {
    const a = await simulate(
      "scenarios/node-failure.yaml",
      "--seconds",
      "90",
      "--seed",
      "3",
      "--output",
      "json",
    );
    const b = await simulate(
      "scenarios/node-failure.yaml",
      "--seconds",
      "90",
      "--seed",
      "3",
      "--output",
      "json",
    );
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.length).toBeGreaterThan(1000);
  });

  it("a broken file: every error with file, document, field and reason on stderr, exit 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeclass-"));
    const file = join(dir, "broken.yaml");
    writeFileSync(
      file,
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      imagee: nginx\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: db\nspec:\n  containers:\n    - name: db\n",
    );
    const { code, stdout, stderr } = await simulate(file);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain('broken.yaml: document 1 (Pod "web")');
    expect(stderr).toContain('unknown field "spec.containers[0].imagee"');
    expect(stderr).toContain('broken.yaml: document 2 (Pod "db")');
    expect(stderr).toContain("spec.containers[0].image: Required value");
  });

  it("bad flags and missing files are refused with the usage", async () => {
    expect((await simulate("scenarios/first-pod.yaml", "--output", "yaml")).stderr).toContain(
      "--output must be json or wide",
    );
    expect((await simulate("scenarios/first-pod.yaml", "--seconds", "soon")).code).toBe(2);
    expect((await simulate("nope.yaml")).stderr).toContain('the path "nope.yaml" does not exist');
  });
});
