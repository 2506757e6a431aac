import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const tsx = join(process.cwd(), "node_modules/.bin/tsx");

async function kubectl(...args: string[]) {
  try {
    const { stdout, stderr } = await run(tsx, ["server/cli/kubectl.ts", ...args], { cwd: process.cwd() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run kubectl", () => {
  it("runs the scenario for --seconds, then the command: a failed node and its pods", async () => {
    const nodes = await kubectl(
      "--scenario",
      "scenarios/node-failure.yaml",
      "--seconds",
      "120",
      "get",
      "nodes",
    );
    expect(nodes).toEqual({
      code: 0,
      stdout:
        "NAME       STATUS     ROLES    AGE   VERSION\n" +
        "worker-1   Ready      <none>   2m    v1.31.4\n" +
        "worker-2   NotReady   <none>   2m    v1.31.4\n" +
        "worker-3   Ready      <none>   2m    v1.31.4\n",
      stderr: "",
    });
    const pods = await kubectl(
      "--scenario",
      "scenarios/node-failure.yaml",
      "--seconds",
      "120",
      "get",
      "pods",
      "-o",
      "wide",
    );
    expect(pods.code).toBe(0);
    const onFailed = pods.stdout.split("\n").filter((l) => / worker-2 /.test(l));
    expect(onFailed).toHaveLength(2);
    for (const line of onFailed)
      expect(line).toMatch(/^web-\w+-\w+ +0\/1 +Running +0 +119s +10\.244\.2\.\d+ +worker-2 /);
  });

  it("reads -f files from disk and exits with kubectl's code", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeclass-"));
    const file = join(dir, "pod.yaml");
    writeFileSync(
      file,
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: extra\nspec:\n  containers:\n  - name: main\n    image: nginx:1.27\n",
    );
    expect(await kubectl("--scenario", "scenarios/first-pod.yaml", "apply", "-f", file)).toEqual({
      code: 0,
      stdout: "pod/extra created\n",
      stderr: "",
    });
    const missing = await kubectl("--scenario", "scenarios/first-pod.yaml", "get", "pod", "nope");
    expect(missing).toEqual({
      code: 1,
      stdout: "",
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
    });
  });

  it("the same seed gives the same output", async () => {
    const a = await kubectl(
      "--scenario",
      "scenarios/node-failure.yaml",
      "--seed",
      "3",
      "--seconds",
      "30",
      "get",
      "events",
    );
    const b = await kubectl(
      "--scenario",
      "scenarios/node-failure.yaml",
      "--seed",
      "3",
      "--seconds",
      "30",
      "get",
      "events",
    );
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE\n/);
  });

  it("its own usage errors exit 2", async () => {
    const r = await kubectl("get", "pods");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("at least one --scenario FILE is required");
    expect(
      (await kubectl("--scenario", "scenarios/first-pod.yaml", "--seconds", "soon", "get", "pods")).code,
    ).toBe(2);
  });
});
