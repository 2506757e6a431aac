import { afterAll, beforeAll } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.ts";
import { type Browser, launchBrowser } from "./browser.ts";
import { ensureClientBuilt } from "./build.ts";

/** What a browser test file plays on: the real server on a loopback port and one headless Chromium. */
export interface Stage {
  server: TestServer;
  browser: Browser;
}

/** Registers the file's hooks (client built once, server started, Chromium launched; all closed after). */
export function useStage(setup?: (stage: Stage) => void): Stage {
  const stage = {} as Stage;
  beforeAll(async () => {
    await ensureClientBuilt();
    stage.server = await startTestServer();
    stage.browser = await launchBrowser();
    setup?.(stage);
  }, 120_000);
  afterAll(async () => {
    await stage.browser?.close();
    await stage.server?.stop();
  });
  return stage;
}
