import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { docs, engineFromYaml, podYaml } from "../sim/harness.ts";
import { classroom, out, run, WEB_DEPLOYMENT, WEB_SERVICE } from "./fixtures.ts";

/**
 * `kubectl logs`: what the runtime's containers printed, the start-up lines of well-known images, nginx
 * access lines for the Service traffic a pod served, and the kubelet's refusals in its own words.
 */
describe("kubectl logs", () => {
  let engine: Engine;
  beforeAll(() => {
    engine = engineFromYaml(
      docs(
        "apiVersion: kubeclass.dev/v1\nkind: Scenario\nmetadata: {name: logs}\nspec: {traffic: [{service: web, rps: 3}]}",
        WEB_DEPLOYMENT,
        WEB_SERVICE,
        podYaml("db", { image: "postgres:17" }),
        podYaml("db2", { image: "postgres:17", env: [{ name: "POSTGRES_PASSWORD", value: "secret" }] }),
        podYaml(
          "two",
          { image: "redis:7.4" },
          {
            containers: [
              { name: "redis", image: "redis:7.4" },
              { name: "side", image: "busybox:1.37", command: ["sh", "-c", "echo side; sleep 3600"] },
            ],
          },
        ),
        podYaml("big", { image: "nginx:1.27", resources: { requests: { cpu: "64" } } }),
      ),
      1,
    );
    engine.runFor(10_000);
  });

  it("nginx: its entrypoint's start-up lines, a worker per CPU, then one access line per request served", () => {
    const r = run(engine, "logs deploy/web");
    expect(r.stderr).toBe("Found 3 pods, using pod/web-68dbf68548-8qzmw\n");
    const lines = r.stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
      "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
      "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    ]);
    expect(out(engine, "logs web-68dbf68548-8qzmw --tail=6")).toBe(
      [
        "2025/01/01 00:00:06 [notice] 1#1: start worker process 30",
        "2025/01/01 00:00:06 [notice] 1#1: start worker process 31",
        "2025/01/01 00:00:06 [notice] 1#1: start worker process 32",
        '10.244.0.1 - - [01/Jan/2025:00:00:07 +0000] "GET / HTTP/1.1" 200 615 "-" "kubeclass-client/1.0" "-"',
        '10.244.0.1 - - [01/Jan/2025:00:00:08 +0000] "GET / HTTP/1.1" 200 615 "-" "kubeclass-client/1.0" "-"',
        '10.244.0.1 - - [01/Jan/2025:00:00:09 +0000] "GET / HTTP/1.1" 200 615 "-" "kubeclass-client/1.0" "-"',
        "",
      ].join("\n"),
    );
  });

  it("postgres: the entrypoint's complaint without a password; the server's lines with one, --timestamps", () => {
    expect(out(engine, "logs db")).toBe(
      "Error: Database is uninitialized and superuser password is not specified.\n" +
        "       You must specify POSTGRES_PASSWORD to a non-empty value for the\n" +
        '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".\n' +
        "\n" +
        '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all\n' +
        "       connections without a password. This is *not* recommended.\n" +
        "\n" +
        '       See PostgreSQL documentation about "trust":\n' +
        "       https://www.postgresql.org/docs/current/auth-trust.html\n",
    );
    expect(out(engine, "logs db2 --timestamps --tail=2")).toBe(
      '2025-01-01T00:00:05.100000000Z 2025-01-01 00:00:05.100 UTC [1] LOG:  listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"\n' +
        "2025-01-01T00:00:05.100000000Z 2025-01-01 00:00:05.100 UTC [1] LOG:  database system is ready to accept connections\n",
    );
  });

  it("several containers: the first is the default (said on stderr); -c picks another", () => {
    const r = run(engine, "logs two --tail=1");
    expect(r).toEqual({
      stdout: "1:M 01 Jan 2025 00:00:02.600 * Ready to accept connections tcp\n",
      stderr: 'Defaulted container "redis" out of: redis, side\n',
      exitCode: 0,
    });
    expect(out(engine, "logs two -c side")).toBe("side\n");
    expect(out(engine, "logs two side")).toBe("side\n");
    expect(run(engine, "logs two -c nope")).toEqual({
      stdout: "",
      stderr: "Error from server (BadRequest): container nope is not valid for pod two\n",
      exitCode: 1,
    });
  });

  it("an unscheduled pod has nothing to show; a missing one is NotFound", () => {
    expect(run(engine, "logs big")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(run(engine, "logs nope").stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
  });
});

describe("kubectl logs and the kubelet's view of the container", () => {
  it("a crash-looping container shows its last run; --previous reads the terminated instance", () => {
    const engine = classroom(60);
    expect(out(engine, "logs crash")).toBe("starting\n");
    expect(out(engine, "logs crash --previous")).toBe("starting\n");
    expect(out(engine, "logs crash --tail=0")).toBe("");
  });

  it("a container waiting for its image, or never terminated, has no logs to give", () => {
    const engine = classroom(20);
    expect(run(engine, "logs typo")).toEqual({
      stdout: "",
      stderr:
        'Error from server (BadRequest): container "main" in pod "typo" is waiting to start: trying and failing to pull image\n',
      exitCode: 1,
    });
    expect(run(engine, "logs cache -n shop -p")).toEqual({
      stdout: "",
      stderr:
        'Error from server (BadRequest): previous terminated container "redis" in pod "cache" not found\n',
      exitCode: 1,
    });
  });

  it("a pod on a failed node: the API server cannot reach its kubelet", () => {
    const engine = classroom(20);
    const node = engine.state.pods["default/crash"]?.spec.nodeName as string;
    expect(engine.apply("instructor", { type: "FailNode", node }).ok).toBe(true);
    const ip = engine.state.nodes[node]?.status.addresses[0]?.address;
    expect(run(engine, "logs crash")).toEqual({
      stdout: "",
      stderr: `Error from server: Get "https://${ip}:10250/containerLogs/default/crash/main": dial tcp ${ip}:10250: connect: no route to host\n`,
      exitCode: 1,
    });
  });
});
