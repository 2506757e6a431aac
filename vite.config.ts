import { defineConfig } from "vite";

/** The browser client: sources in client/, built into dist/client, which the game server serves. */
export default defineConfig({
  root: "client",
  publicDir: "public",
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 2000,
  },
});
