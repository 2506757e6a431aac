import { type ChildProcess, spawn } from "node:child_process";
import { PROJECT_ROOT } from "../../server/startServer.ts";

/** Children started by `startChild`, for an afterAll to kill what a failed test left running. */
export const children: ChildProcess[] = [];

/**
 * `npm start`'s server (without the client build) as a child process; resolves its URL. `viaNpm` runs it
 * as `npm start` does, through `npm run serve`, so signals take npm's path to the server.
 */
export function startChild(
  env: Record<string, string>,
  viaNpm = false,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const [command, args] = viaNpm
    ? ["npm", ["run", "-s", "serve"]]
    : [process.execPath, ["--import", "tsx", "server/main.ts"]];
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, HOST: "127.0.0.1", LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
    child.stdout?.on("data", () => {
      const port = /listening on http:\/\/[^:]+:(\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${port}`, output: () => output });
      }
    });
  });
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
}

/** Kills every child still running (SIGKILL). */
export function killChildren(): void {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}
