import { describe, expect, it } from "vitest";
import { effectiveArgv, interpretProcess } from "../../../shared/sim/runtime/process.ts";

const c = (command?: string[], args?: string[], env: Record<string, string> = {}) => ({
  name: "c",
  image: "x",
  imagePullPolicy: "IfNotPresent" as const,
  ...(command ? { command } : {}),
  ...(args ? { args } : {}),
  env: Object.entries(env).map(([name, value]) => ({ name, value })),
});

describe("effectiveArgv", () => {
  it.each([
    [undefined, undefined, { entrypoint: ["/e"], cmd: ["run"] }, ["/e", "run"]],
    [["sleep", "1"], undefined, { entrypoint: ["/e"], cmd: ["run"] }, ["sleep", "1"]],
    [undefined, ["--debug"], { entrypoint: ["/e"], cmd: ["run"] }, ["/e", "--debug"]],
    [["sh"], ["-c", "true"], { cmd: ["bash"] }, ["sh", "-c", "true"]],
  ])("command %j args %j image %j -> %j", (command, args, image, argv) => {
    expect(effectiveArgv(c(command, args), image)).toEqual(argv);
  });
});

describe("interpretProcess", () => {
  it.each([
    [["sleep", "30"], { kind: "exits", afterMs: 30_000, exitCode: 0 }],
    [["sleep", "1m"], { kind: "exits", afterMs: 60_000, exitCode: 0 }],
    [["sleep", "infinity"], { kind: "runs" }],
    [["true"], { kind: "exits", afterMs: 0, exitCode: 0 }],
    [["false"], { kind: "exits", afterMs: 0, exitCode: 1 }],
    [["sh", "-c", "exit 42"], { kind: "exits", afterMs: 0, exitCode: 42 }],
    [["sh", "-c", "sleep 5; exit 2"], { kind: "exits", afterMs: 5000, exitCode: 2 }],
    [["sh", "-c", "false && sleep 100"], { kind: "exits", afterMs: 0, exitCode: 1 }],
    [
      ["sh", "-c", "echo starting; sleep 2"],
      { kind: "exits", afterMs: 2000, exitCode: 0, logs: ["starting"] },
    ],
    [["sh", "-c", "while true; do sleep 1; done"], { kind: "runs" }],
    [["/bin/bash", "-c", "exec nginx -g 'daemon off;'"], { kind: "runs" }],
    [["python3", "app.py"], { kind: "runs" }],
    [["sh"], { kind: "exits", afterMs: 50, exitCode: 0 }],
    [["exit", "3"], { kind: "start-error" }],
  ])("%j -> %j", (argv, expected) => {
    expect(interpretProcess(c(argv), {})).toMatchObject(expected);
  });

  it("an image's required environment decides whether its default command starts", () => {
    const image = {
      entrypoint: ["docker-entrypoint.sh"],
      cmd: ["postgres"],
      requiredEnv: { anyOf: ["POSTGRES_PASSWORD"], message: "Error: no password" },
    };
    expect(interpretProcess(c(), image)).toMatchObject({
      kind: "exits",
      exitCode: 1,
      logs: ["Error: no password"],
    });
    expect(interpretProcess(c(undefined, undefined, { POSTGRES_PASSWORD: "x" }), image)).toMatchObject({
      kind: "runs",
    });
  });

  it("entrypoint wrappers run the command they wrap (node's default is the REPL, which exits)", () => {
    expect(interpretProcess(c(), { entrypoint: ["docker-entrypoint.sh"], cmd: ["node"] })).toMatchObject({
      kind: "exits",
      exitCode: 0,
    });
    expect(
      interpretProcess(c(), { entrypoint: ["/docker-entrypoint.sh"], cmd: ["nginx", "-g", "daemon off;"] }),
    ).toMatchObject({ kind: "runs" });
  });
});
