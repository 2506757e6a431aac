import { describe, expect, it } from "vitest";
import { catalogueImage } from "../../../shared/sim/catalogue/catalogue.ts";
import type { ImageProcess } from "../../../shared/sim/model/registry.ts";
import type { Network } from "../../../shared/sim/runtime/exec.ts";
import { effectiveArgv, runProcess, userlandOf } from "../../../shared/sim/runtime/process.ts";

/** A process run on its own: an image from the catalogue, a network where nothing but Internet names resolve. */
const OFFLINE: Network = {
  ask: (q) =>
    q.startsWith("dns:") && q.endsWith(".com")
      ? "203.0.113.7 example.com"
      : q.startsWith("tcp:203.")
        ? "internet"
        : "",
  respond: () => ({ status: 200, body: ["<html></html>"], assumed: "no Internet" }),
};

function image(ref: string): ImageProcess {
  const manifest = catalogueImage(ref);
  if (!manifest) throw new Error(`${ref} not in the catalogue`);
  return manifest.process;
}

function run(
  argv: string[] | undefined,
  ref = "docker.io/library/busybox:1.36",
  env: Record<string, string> = {},
  horizon = 3_600_000,
) {
  const process = image(ref);
  const full = argv ?? effectiveArgv({}, process);
  const vars: [string, string][] = [
    ["PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
    ["HOSTNAME", "demo"],
    ...Object.entries(env),
    ["KUBERNETES_PORT", "tcp://10.96.0.1:443"],
    ...Object.entries(process.env ?? {}).filter(([k]) => k !== "PATH"),
  ];
  const facts = {
    image: process,
    userland: userlandOf(process),
    env: vars,
    unresolved: [],
    hostname: "demo",
    podIP: "10.244.1.5",
    namespace: "default",
    startedAt: Date.UTC(2025, 0, 1),
    seed: "c1",
  };
  const result = runProcess(facts, full, OFFLINE, horizon);
  return { ...result, logs: result.run.out.filter((l) => !l.banner).map((l) => l.text) };
}

describe("effectiveArgv", () => {
  it.each([
    [undefined, undefined, { entrypoint: ["/e"], cmd: ["run"] }, ["/e", "run"]],
    [["sleep", "1"], undefined, { entrypoint: ["/e"], cmd: ["run"] }, ["sleep", "1"]],
    [undefined, ["--debug"], { entrypoint: ["/e"], cmd: ["run"] }, ["/e", "--debug"]],
    [["sh"], ["-c", "true"], { cmd: ["bash"] }, ["sh", "-c", "true"]],
  ])("command %j args %j image %j -> %j", (command, args, img, argv) => {
    const c = { ...(command ? { command } : {}), ...(args ? { args } : {}) };
    expect(effectiveArgv(c, img)).toEqual(argv);
  });

  it("expands $(VAR) from the container's environment; $$(VAR) stays literal", () => {
    const env = new Map([["MESSAGE", "hello world"]]);
    expect(
      effectiveArgv({ command: ["/bin/echo"], args: ["$(MESSAGE)", "$$(MESSAGE)", "$(NOPE)"] }, {}, env),
    ).toEqual(["/bin/echo", "hello world", "$(MESSAGE)", "$(NOPE)"]);
  });
});

describe("the process model", () => {
  it.each([
    // [argv, end, logs]
    [
      ["printenv", "HOSTNAME", "KUBERNETES_PORT"],
      { kind: "exits", at: 0, exitCode: 0 },
      ["demo", "tcp://10.96.0.1:443"],
    ],
    [["printenv", "NOPE"], { kind: "exits", exitCode: 1 }, []],
    [["sleep", "5"], { kind: "exits", at: 5000, exitCode: 0 }, []],
    [["sleep", "1m"], { kind: "exits", at: 60_000, exitCode: 0 }, []],
    [["sleep", "infinity"], { kind: "runs" }, []],
    [["true"], { kind: "exits", exitCode: 0 }, []],
    [["false"], { kind: "exits", exitCode: 1 }, []],
    [["echo", "hello", "world"], { kind: "exits", exitCode: 0 }, ["hello world"]],
    [["sh", "-c", "echo hi; exit 3"], { kind: "exits", at: 0, exitCode: 3 }, ["hi"]],
    [["sh", "-c", "sleep 5; exit 2"], { kind: "exits", at: 5000, exitCode: 2 }, []],
    [["sh", "-c", "false && echo no || echo yes"], { kind: "exits", exitCode: 0 }, ["yes"]],
    [
      ["sh", "-c", "true && echo a; false || echo b; false && echo c"],
      { kind: "exits", exitCode: 1 },
      ["a", "b"],
    ],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell script, not a template
    [["sh", "-c", "echo $HOSTNAME ${MISSING:-default} $((6*7))"], { kind: "exits" }, ["demo default 42"]],
    [["sh", "-c", "for i in 1 2 3; do echo $i; sleep 1; done"], { kind: "exits", at: 3000 }, ["1", "2", "3"]],
    [["sh", "-c", "i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i"], { kind: "exits" }, ["3"]],
    [
      ["sh", "-c", "printf 'a b c\\nd e f\\n' | awk '{print $2}'"],
      { kind: "exits", exitCode: 0 },
      ["b", "e"],
    ],
    [
      ["sh", "-c", "printf '  HTTP/1.1 200 OK\\nx\\n' | awk '/^  HTTP/{print $2}'"],
      { kind: "exits" },
      ["200"],
    ],
    [["sh", "-c", "echo a:b:c | awk -F: '{print $NF, $1}'"], { kind: "exits" }, ["c a"]],
    [["sh", "-c", "while true; do echo tick; sleep 10; done"], { kind: "running" }, undefined],
    [["sh", "-c", "while true; do :; done"], { kind: "runs" }, undefined],
    [["sh", "-c", 'if [ -z "$X" ]; then echo empty; else echo set; fi'], { kind: "exits" }, ["empty"]],
    [
      ["sh", "-c", "echo one > /tmp/f; cat /tmp/f; rm /tmp/f; cat /tmp/f"],
      { kind: "exits", exitCode: 1 },
      ["one", "cat: can't open '/tmp/f': No such file or directory"],
    ],
    [["sh", "-c", "echo hidden > /dev/null; echo shown 2>&1"], { kind: "exits" }, ["shown"]],
    [["sh", "-c", "echo a b c | wc -w"], { kind: "exits" }, ["3"]],
    [["sh", "-c", 'x=$(hostname); echo "I am $x"'], { kind: "exits" }, ["I am demo"]],
    [["sh", "-c", "set -e; false; echo never"], { kind: "exits", exitCode: 1 }, []],
    [["sh", "-c", "exit 300"], { kind: "exits", exitCode: 44 }, []],
    [
      ["sh", "-c", "sleep 3 & echo started; wait; echo done"],
      { kind: "exits", at: 3000 },
      ["started", "done"],
    ],
    [
      ["sh", "-c", "nosuchtool; echo $?"],
      { kind: "exits", exitCode: 0 },
      ["sh: nosuchtool: not found", "127"],
    ],
    [["date"], { kind: "exits" }, ["Wed Jan  1 00:00:00 UTC 2025"]],
    [["sh", "-c", "sleep 65; date +%H:%M:%S"], { kind: "exits", at: 65_000 }, ["00:01:05"]],
    [["sh"], { kind: "exits", exitCode: 0 }, []],
    [["env"], { kind: "exits" }, undefined],
    [["cat", "/etc/hostname"], { kind: "exits" }, ["demo"]],
    [["timeout", "2", "sleep", "10"], { kind: "exits", at: 2000, exitCode: 124 }, []],
    [["sh", "-c", "case $HOSTNAME in de*) echo matched;; *) echo no;; esac"], { kind: "exits" }, ["matched"]],
    [["sh", "-c", "f() { echo in $1; return 4; }; f x; echo $?"], { kind: "exits" }, ["in x", "4"]],
    [["sh", "-c", 'echo "a\\nb"'], { kind: "exits" }, ["a\\nb"]],
    [["sh", "-c", "wget -qO- http://nope; echo $?"], { kind: "exits" }, ["wget: bad address 'nope'", "1"]],
  ])("%j", (argv, end, logs) => {
    const result = run(argv);
    expect(result.end).toMatchObject(end);
    if (logs) expect(result.logs).toEqual(logs);
  });

  it("dash's echo reads backslash escapes, BusyBox's does not", () => {
    expect(run(["sh", "-c", "echo 'a\\nb'"], "docker.io/library/debian:bookworm").logs).toEqual(["a", "b"]);
    expect(run(["sh", "-c", "echo 'a\\nb'"]).logs).toEqual(["a\\nb"]);
  });

  it("a missing binary cannot be started: runc's error, by name or by path", () => {
    expect(run(["foo"], "docker.io/library/debian:bookworm").end).toEqual({
      kind: "start-error",
      message:
        'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "foo": executable file not found in $PATH: unknown',
    });
    expect(run(["/x"], "docker.io/library/debian:bookworm").end).toMatchObject({
      kind: "start-error",
      message: expect.stringContaining('exec: "/x": stat /x: no such file or directory'),
    });
    // `exit` is a shell builtin, not a program; bash is not in BusyBox; curl is not in Debian.
    expect(run(["exit", "1"]).end.kind).toBe("start-error");
    expect(run(["bash", "-c", "true"]).end.kind).toBe("start-error");
    expect(run(["curl", "http://x"], "docker.io/library/debian:bookworm-slim").end.kind).toBe("start-error");
    // Inside a script the shell reports it instead: exit 127.
    expect(run(["sh", "-c", "curl http://x"], "docker.io/library/debian:bookworm-slim")).toMatchObject({
      end: { kind: "exits", exitCode: 127 },
      logs: ["sh: 1: curl: not found"],
    });
  });

  it("images run their real default command", () => {
    expect(run(undefined, "docker.io/library/hello-world:latest")).toMatchObject({
      end: { kind: "exits", exitCode: 0 },
    });
    expect(run(undefined, "docker.io/library/hello-world:latest").logs).toContain("Hello from Docker!");
    expect(run(undefined, "docker.io/library/nginx:1.14.2").end.kind).toBe("runs");
    expect(run(undefined, "docker.io/library/nginx:1.27").run.serving).toEqual({
      program: "nginx",
      listens: [80],
    });
    expect(run(undefined, "docker.io/library/redis:6.0.5").run.serving?.listens).toEqual([6379]);
    expect(run(undefined, "docker.io/library/alpine:3.21").end).toMatchObject({ kind: "exits", exitCode: 0 });
    expect(run(undefined, "docker.io/library/ubuntu:24.04").end).toMatchObject({
      kind: "exits",
      exitCode: 0,
    });
    expect(run(undefined, "docker.io/library/python:3.13").end).toMatchObject({ kind: "exits", exitCode: 0 });
    expect(run(undefined, "docker.io/library/node:22").end).toMatchObject({ kind: "exits", exitCode: 0 });
    expect(run(undefined, "registry.k8s.io/pause:3.9").end.kind).toBe("runs");
  });

  it("databases need their password settings, as their entrypoints check", () => {
    const postgres = run(undefined, "docker.io/library/postgres:17");
    expect(postgres.end).toMatchObject({ kind: "exits", exitCode: 1 });
    expect(postgres.logs[0]).toBe(
      "Error: Database is uninitialized and superuser password is not specified.",
    );
    expect(run(undefined, "docker.io/library/postgres:17", { POSTGRES_PASSWORD: "s3cret" }).end.kind).toBe(
      "runs",
    );
    expect(run(undefined, "docker.io/library/mysql:5.6").end).toMatchObject({ kind: "exits", exitCode: 1 });
    expect(run(undefined, "docker.io/library/mysql:5.6", { MYSQL_ROOT_PASSWORD: "x" }).end.kind).toBe("runs");
    expect(
      run(undefined, "mcr.microsoft.com/mssql/server:2022-latest", { ACCEPT_EULA: "N" }).end,
    ).toMatchObject({ exitCode: 1 });
    expect(run(undefined, "mcr.microsoft.com/mssql/server:2022-latest", { ACCEPT_EULA: "Y" }).end.kind).toBe(
      "runs",
    );
    expect(run(undefined, "docker.io/library/elasticsearch:8.17.0").end).toMatchObject({ exitCode: 78 });
  });

  it("entrypoints hand flags to their program and run other commands", () => {
    expect(run(undefined, "docker.io/library/redis:7.4").run.serving?.program).toBe("redis-server");
    expect(
      run(["docker-entrypoint.sh", "--maxmemory", "2mb"], "docker.io/library/redis:7.4").run.serving?.program,
    ).toBe("redis-server");
    expect(run(["docker-entrypoint.sh", "echo", "hi"], "docker.io/library/redis:7.4").logs).toEqual(["hi"]);
    expect(run(["/docker-entrypoint.sh", "nope"], "docker.io/library/nginx:1.27")).toMatchObject({
      end: { kind: "exits", exitCode: 127 },
      logs: ["/docker-entrypoint.sh: 1: exec: nope: not found"],
    });
  });

  it("stress declares the memory it allocates (kubernetes.io memory-demo and memory-demo-2)", () => {
    const MiB = 1024 * 1024;
    const demo = run(
      ["stress", "--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1"],
      "docker.io/polinux/stress:latest",
    );
    expect(demo.end.kind).toBe("runs");
    expect(demo.run.memory).toBe(151 * MiB);
    expect(demo.logs).toEqual(["stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd"]);
    const demo2 = run(
      ["stress", "--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"],
      "docker.io/polinux/stress:latest",
    );
    expect(demo2.run.memory).toBe(251 * MiB);
    const timed = run(["stress", "--cpu", "2", "--timeout", "10s"], "docker.io/polinux/stress:latest");
    expect(timed.end).toMatchObject({ kind: "exits", at: 10_000, exitCode: 0 });
    expect(timed.run.cpu).toBe(2000);
    const vish = run(
      ["/stress", "-logtostderr", "-mem-total", "250Mi", "-mem-alloc-size", "10Mi", "-mem-alloc-sleep", "1s"],
      "docker.io/vish/stress:latest",
    );
    expect(vish.run.memory).toBe(250 * MiB);
    expect(vish.run.memoryRampMs).toBe(25_000);
  });

  it("language runtimes declare what they hold; a script the simulation does not know is said so", () => {
    const node = run(["node", "server.js"], "docker.io/library/node:22");
    expect(node.end.kind).toBe("runs");
    expect(node.run.memory).toBe(45 * 1024 * 1024);
    expect(node.run.notes).toEqual([
      'the simulation does not model "node server.js": assumed to run until stopped',
    ]);
    expect(node.logs).toEqual([
      '[kubeclass] the simulation does not model "node server.js": assumed to run until stopped',
    ]);
    expect(run(["python3", "-c", "print('hi')"], "docker.io/library/python:3.13").logs).toEqual(["hi"]);
  });

  it("a command present in the image but not modelled: assumed to succeed in a script", () => {
    const r = run(["sh", "-c", "apt-get update && echo done"], "docker.io/library/debian:bookworm");
    expect(r.end).toMatchObject({ kind: "exits", exitCode: 0 });
    expect(r.run.notes).toEqual([
      'the simulation does not model "apt-get update": assumed to succeed at once (exit code 0, no output)',
    ]);
  });

  it("a busy loop keeps a CPU busy; a sleeping loop does not", () => {
    expect(run(["sh", "-c", "while true; do :; done"]).run.cpu).toBe(1000);
    expect(run(["sh", "-c", "while true; do sleep 1; done"]).run.cpu).toBe(0);
  });
});
