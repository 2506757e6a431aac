import { existsSync } from "node:fs";
import type { Server as HttpServer } from "node:http";
import { join } from "node:path";
import express, { type Application } from "express";
import type { Logger } from "pino";

/** Paths the client app must not swallow with its index.html fallback. */
const SERVER_PATHS = /^\/(api|matchmake|healthz|__healthcheck)(\/|$)/;

const PLACEHOLDER = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>kubeclass</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style>
<h1>kubeclass</h1>
<p>The game server is running, but the browser client has not been built.</p>
<p>Run <code>npm run build</code> (or use <code>npm start</code>, which builds it), or
<code>npm run dev</code> to serve it with live reload.</p>
<p>The HTTP API answers under <a href="/api/scenarios"><code>/api/</code></a>.</p>
</html>
`;

export interface ClientApp {
  close(): Promise<void>;
}

/**
 * Serves the browser client on the game's port: the Vite build in dist/client, with index.html for the
 * app's own routes (/join/CODE, /instructor/CODE); in dev mode Vite's middleware instead, its HMR
 * socket on the same HTTP server. Without a build, a page that says how to make one.
 */
export async function mountClient(
  app: Application,
  options: { dev: boolean; root: string; httpServer: HttpServer; log: Logger },
): Promise<ClientApp> {
  if (options.dev) {
    const { createServer } = await import("vite");
    const configFile = join(options.root, "vite.config.ts");
    const vite = await createServer({
      ...(existsSync(configFile)
        ? { configFile }
        : { root: join(options.root, "client"), configFile: false }),
      server: { middlewareMode: true, hmr: { server: options.httpServer } },
      appType: "spa",
      logLevel: "warn",
    });
    app.use(vite.middlewares);
    options.log.info("client served by Vite (dev mode)");
    return { close: () => vite.close() };
  }
  const dist = join(options.root, "dist", "client");
  const index = join(dist, "index.html");
  if (existsSync(index)) {
    app.use(express.static(dist, { index: false, maxAge: "1h" }));
    app.get(/.*/, (req, res, next) => {
      if (SERVER_PATHS.test(req.path) || !req.accepts("html")) return next();
      res.setHeader("Cache-Control", "no-cache");
      res.sendFile(index);
    });
  } else {
    options.log.warn(`no client build in ${dist}: serving a placeholder page (run npm run build)`);
    app.get(/.*/, (req, res, next) => {
      if (SERVER_PATHS.test(req.path) || !req.accepts("html")) return next();
      res.type("html").send(PLACEHOLDER);
    });
  }
  return { close: async () => {} };
}
