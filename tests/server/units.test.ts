import { describe, expect, it } from "vitest";
import { nicknameKey } from "../../server/classroom/nicknameKey.ts";
import { MAX_CATCH_UP_TICKS, SimulationClock } from "../../server/classroom/SimulationClock.ts";
import { newJoinCode } from "../../server/classroom/secrets.ts";
import { TokenBucket } from "../../server/classroom/TokenBucket.ts";
import { WordFilter } from "../../server/classroom/WordFilter.ts";
import { loadConfig } from "../../server/config.ts";
import { isJoinCode, JOIN_CODE_ALPHABET, normalizeJoinCode } from "../../shared/protocol/joinCode.ts";
import { checkNickname } from "../../shared/protocol/nickname.ts";

describe("configuration from the environment", () => {
  it("has defaults for everything", () => {
    const result = loadConfig({});
    expect(result.ok && result.config).toMatchObject({
      port: 2567,
      dataDir: "./data",
      host: "0.0.0.0",
      maxPlayers: 60,
    });
  });

  it("parses and names every bad value", () => {
    const good = loadConfig({
      PORT: "8080",
      TRUST_PROXY: "yes",
      PUBLIC_URL: "https://k8s.school/",
      NICKNAME_BLOCKLIST: "foo, bar",
    });
    expect(good.ok && good.config).toMatchObject({
      port: 8080,
      trustProxy: true,
      publicUrl: "https://k8s.school",
      nicknameBlocklist: ["foo", "bar"],
    });
    const bad = loadConfig({
      PORT: "http",
      LOG_LEVEL: "loud",
      PUBLIC_URL: "k8s.school",
      MAX_PLAYERS: "100",
      DB_SYNC: "off",
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => e.split(":")[0])).toEqual(
      expect.arrayContaining([
        'PORT="http"',
        'LOG_LEVEL="loud"',
        'PUBLIC_URL="k8s.school"',
        'MAX_PLAYERS="100"',
        'DB_SYNC="off"',
      ]),
    );
  });
});

describe("join codes", () => {
  it("are six characters without look-alikes, forgiving to type", () => {
    for (const c of "01ILOSBZ258UV") expect(JOIN_CODE_ALPHABET).not.toContain(c);
    const codes = Array.from({ length: 2000 }, newJoinCode);
    expect(codes.every(isJoinCode)).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    expect(normalizeJoinCode(" ac3-k7x ")).toBe("AC3K7X");
    expect(isJoinCode("AC3K7")).toBe(false);
  });

  it("use every character about equally (no modulo bias)", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) for (const c of newJoinCode()) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = 30_000 / JOIN_CODE_ALPHABET.length;
    for (const c of JOIN_CODE_ALPHABET) {
      expect(counts.get(c)).toBeGreaterThan(expected * 0.8);
      expect(counts.get(c)).toBeLessThan(expected * 1.2);
    }
  });
});

describe("nicknames", () => {
  it("folds case and width for uniqueness", () => {
    expect(nicknameKey("ＡＤＡ")).toBe(nicknameKey("ada"));
    // look-alikes from other scripts and invisible characters fold away
    expect(nicknameKey("\u0430lice")).toBe(nicknameKey("alice"));
    expect(nicknameKey("bo\u200bb")).toBe(nicknameKey("bob"));
    expect(checkNickname("  Jean  Luc ")).toMatchObject({ ok: true, nickname: "Jean Luc" });
    expect(checkNickname("李小龍")).toMatchObject({ ok: true });
    expect(checkNickname("-dash")).toMatchObject({ ok: false });
    expect(checkNickname("a\u200bb")).toMatchObject({ ok: false });
  });

  it("the word filter sees through disguises but not into innocent words", () => {
    const filter = new WordFilter(["kubectl"]);
    for (const bad of [
      "5h1t",
      "F.u.c.k",
      "bÍtch",
      "BUTTHEAD",
      "kubectl-fan",
      "fvck",
      "fc\u03c5k",
      "phuck",
      "b00bs",
    ])
      expect(filter.blocks(bad), bad).toBe(true);
    for (const fine of [
      "Scunthorpe",
      "Button",
      "Essex",
      "Grace",
      "Hancock",
      "Hitchcock",
      "Dickson",
      "Fukuda",
    ])
      expect(filter.blocks(fine), fine).toBe(false);
    expect(filter.blocks("Dick", ["dick"])).toBe(false);
  });
});

describe("rates", () => {
  it("a token bucket allows a burst then the rate", () => {
    const bucket = new TokenBucket(2, 3);
    expect([1, 2, 3, 4].map(() => bucket.take("a", 0))).toEqual([true, true, true, false]);
    expect(bucket.retryAfter("a", 0)).toBe(1);
    expect(bucket.take("a", 500)).toBe(true);
    expect(bucket.take("a", 500)).toBe(false);
    expect(bucket.take("b", 0)).toBe(true);
    bucket.prune(10_000);
    expect(bucket.size).toBe(0);
  });

  it("the simulation clock turns real time into ticks at the speed, and caps catch-up", () => {
    const clock = new SimulationClock(2);
    expect(clock.advance(1000)).toBe(0);
    clock.start();
    expect(clock.advance(50)).toBe(1);
    expect(clock.advance(25)).toBe(0);
    expect(clock.advance(25)).toBe(1);
    clock.speed = 0.5;
    expect(clock.advance(1000)).toBe(5);
    clock.speed = 100;
    expect(clock.speed).toBe(10);
    expect(clock.advance(60_000)).toBe(MAX_CATCH_UP_TICKS);
    clock.stop();
    expect(clock.advance(1000)).toBe(0);
  });
});
