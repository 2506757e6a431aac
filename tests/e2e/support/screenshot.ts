import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { PROJECT_ROOT } from "../../../server/startServer.ts";
import { contentStats, decodePng } from "./png.ts";

export const ARTIFACTS = join(PROJECT_ROOT, "tests", "artifacts");

/** Saves a screenshot in tests/artifacts and checks that it shows something (not a blank page). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  const stats = contentStats(decodePng(new Uint8Array(readFileSync(path))));
  expect(stats.stddev, `${name}.png is blank (luminance spread ${stats.stddev.toFixed(1)})`).toBeGreaterThan(
    8,
  );
  expect(stats.varied, `${name}.png is nearly one colour`).toBeGreaterThan(0.05);
  return path;
}
