import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { launchBrowser } from "../e2e/support/browser.ts";
import { ensureClientBuilt } from "../e2e/support/build.ts";
import { startTestServer } from "../support/server.ts";

/**
 * The browser client in headless Chromium (SwiftShader WebGL, no GPU):
 * - what the browser downloads before the join screen appears (HTML, JS, CSS, fonts), gzipped;
 * - the board's frame time with 100 nodes and 1,000 pods (the demo board: a synthetic cluster where 5 %
 *   of the pods change every 100 ms, each with an event), fitted to the screen (far zoom, compact
 *   cards) and zoomed in while panning (detail cards): the work per frame (Phaser's update and render,
 *   measured in the page) and the interval between frames. Headless Chromium has no GPU: the board
 *   picks Phaser's Canvas renderer there, as on a machine whose WebGL is software; the same board
 *   forced onto WebGL is measured too.
 * Run: `npm run bench -- client` or `npx tsx tests/bench/client.bench.ts`.
 */
const COUNTED = new Set(["document", "script", "stylesheet", "font"]);

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const ms = (v: number) => Math.round(v * 100) / 100;

async function initialLoad(
  page: Page,
  url: string,
): Promise<{ requests: number; raw: number; gzip: number }> {
  const bodies: Promise<{ raw: number; gzip: number }>[] = [];
  const listener = (response: import("playwright-core").Response) => {
    if (!COUNTED.has(response.request().resourceType())) return;
    bodies.push(
      response
        .body()
        .then((b) => ({ raw: b.length, gzip: gzipSync(b, { level: 9 }).length }))
        .catch(() => ({ raw: 0, gzip: 0 })),
    );
  };
  page.on("response", listener);
  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForSelector("#join-submit");
  page.off("response", listener);
  const sizes = await Promise.all(bodies);
  return {
    requests: sizes.length,
    raw: sizes.reduce((s, x) => s + x.raw, 0),
    gzip: sizes.reduce((s, x) => s + x.gzip, 0),
  };
}

/** Samples frames in the page (as a string: tsx would add helpers the page does not have). */
const SAMPLE = `(async ({ seconds, pan }) => {
  const demo = window.kubeclassDemo;
  const before = demo.frameWork().length;
  const interval = [];
  let last = performance.now();
  const end = last + seconds * 1000;
  await new Promise((resolve) => {
    const step = (now) => {
      interval.push(now - last);
      last = now;
      if (pan) demo.pan();
      if (now < end) requestAnimationFrame(step);
      else resolve();
    };
    requestAnimationFrame(step);
  });
  return { work: demo.frameWork().slice(before), interval };
})`;

async function sampleFrames(
  page: Page,
  seconds: number,
  pan: boolean,
): Promise<{ work: number[]; interval: number[] }> {
  return page.evaluate(`${SAMPLE}(${JSON.stringify({ seconds, pan })})`) as Promise<{
    work: number[];
    interval: number[];
  }>;
}

export async function benchClient(): Promise<Record<string, number | string>> {
  await ensureClientBuilt();
  const server = await startTestServer();
  const browser = await launchBrowser({ width: 1440, height: 900 });
  try {
    const { page } = browser;
    const load = await initialLoad(page, `${server.url}/join/ABCDEF`);

    await page.goto(`${server.url}/demo/board?nodes=100&pods=1000`);
    await page.waitForFunction("window.kubeclassDemo?.ready === true", undefined, { timeout: 60_000 });
    await page.waitForTimeout(3000);
    const fitted = await sampleFrames(page, 6, false);
    // zoom in (detail cards, sharper textures) and pan across the nodes
    await page.focus(".board");
    for (let i = 0; i < 6; i++) await page.keyboard.press("+");
    await page.waitForTimeout(1500);
    const zoomed = await sampleFrames(page, 6, true);
    // the same board forced onto WebGL, which headless Chromium runs in software (SwiftShader)
    await page.goto(`${server.url}/demo/board?nodes=100&pods=1000&renderer=webgl`);
    await page.waitForFunction("window.kubeclassDemo?.ready === true", undefined, { timeout: 60_000 });
    await page.waitForTimeout(3000);
    const webgl = await sampleFrames(page, 6, false);
    return {
      "initial load before the join screen (gzip)": `${(load.gzip / 1024).toFixed(1)} KiB`,
      "initial load (raw)": `${(load.raw / 1024).toFixed(1)} KiB in ${load.requests} requests`,
      "board 100 nodes / 1,000 pods, fitted: work per frame p50 (ms)": ms(percentile(fitted.work, 50)),
      "fitted: work per frame p95 (ms)": ms(percentile(fitted.work, 95)),
      "fitted: frame interval p50 (ms)": ms(percentile(fitted.interval, 50)),
      "fitted: frame interval p95 (ms)": ms(percentile(fitted.interval, 95)),
      "zoomed in, panning: work per frame p50 (ms)": ms(percentile(zoomed.work, 50)),
      "zoomed in, panning: work per frame p95 (ms)": ms(percentile(zoomed.work, 95)),
      "zoomed in, panning: frame interval p50 (ms)": ms(percentile(zoomed.interval, 50)),
      "zoomed in, panning: frame interval p95 (ms)": ms(percentile(zoomed.interval, 95)),
      "WebGL forced (SwiftShader), fitted: work per frame p50 (ms)": ms(percentile(webgl.work, 50)),
      "WebGL forced: work per frame p95 (ms)": ms(percentile(webgl.work, 95)),
      "WebGL forced: frame interval p50 (ms)": ms(percentile(webgl.interval, 50)),
      "WebGL forced: frame interval p95 (ms)": ms(percentile(webgl.interval, 95)),
      frames: fitted.interval.length + zoomed.interval.length + webgl.interval.length,
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await benchClient());
}
