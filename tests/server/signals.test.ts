import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exited, killChildren, startChild } from "../support/child.ts";

/**
 * `npm start` stops when it is told to: SIGTERM or SIGINT sent to the npm process reaches the server
 * (npm forwards it to its script, and the script execs the server instead of keeping a shell between),
 * which closes its sessions and exits; nothing is left answering on the port.
 */
const dirs: string[] = [];
afterAll(() => {
  killChildren();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

describe("signals to npm", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("%s to the npm process stops the server", async (signal) => {
    const dir = mkdtempSync(join(tmpdir(), "kubeclass-signal-"));
    dirs.push(dir);
    const { child, url } = await startChild({ PORT: "0", DATA_DIR: dir }, true);
    expect(await answers(url)).toBe(true);
    child.kill(signal);
    await exited(child);
    const deadline = Date.now() + 10_000;
    while ((await answers(url)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await answers(url)).toBe(false);
  });
});
