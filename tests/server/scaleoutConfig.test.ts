import { describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";

describe("scale-out settings", () => {
  it("need nothing by default: one process, SQLite", () => {
    const loaded = loadConfig({});
    if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
    expect(loaded.config).toMatchObject({ leaseSeconds: 10 });
    expect(loaded.config.redisUrl).toBeUndefined();
    expect(loaded.config.databaseUrl).toBeUndefined();
  });

  it("read REDIS_URL, DATABASE_URL, PUBLIC_ADDRESS and LEASE_SECONDS", () => {
    const loaded = loadConfig({
      REDIS_URL: "redis://redis:6379",
      DATABASE_URL: "postgres://kubeclass:secret@postgres:5432/kubeclass",
      PUBLIC_ADDRESS: "kubeclass.school.lan/kubeclass-1/",
      LEASE_SECONDS: "5",
    });
    if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
    expect(loaded.config).toMatchObject({
      redisUrl: "redis://redis:6379",
      databaseUrl: "postgres://kubeclass:secret@postgres:5432/kubeclass",
      publicAddress: "kubeclass.school.lan/kubeclass-1",
      leaseSeconds: 5,
    });
  });

  it("refuse what cannot work, saying why", () => {
    const errors = (env: Record<string, string>) => {
      const loaded = loadConfig(env);
      return loaded.ok ? [] : loaded.errors;
    };
    expect(errors({ REDIS_URL: "redis://r:6379" })[0]).toMatch(/^REDIS_URL: needs DATABASE_URL/);
    expect(errors({ DATABASE_URL: "mysql://x" })[0]).toMatch(
      /^DATABASE_URL="mysql:\/\/x": must be a postgres/,
    );
    expect(errors({ PUBLIC_ADDRESS: "https://school.lan" })[0]).toMatch(/without a scheme/);
    expect(errors({ REDIS_URL: "redis://r", DATABASE_URL: "postgres://p/db", PORT: "0" })[0]).toMatch(
      /^PUBLIC_ADDRESS: must be set/,
    );
    expect(errors({ LEASE_SECONDS: "1" })[0]).toMatch(/^LEASE_SECONDS/);
  });
});
