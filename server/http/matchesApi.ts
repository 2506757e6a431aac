import express, { type Request, type Response, type Router } from "express";
import type { Logger } from "pino";
import {
  MAX_MATCH_FILE_BYTES,
  type MatchDetails,
  type MatchImported,
  type MatchSummary,
} from "../../shared/protocol/http.ts";
import { worded } from "../../shared/protocol/phrases.ts";
import { type Debrief, debriefCsv } from "../../shared/replay/debrief.ts";
import { parseMatchRecord } from "../../shared/replay/record.ts";
import { TICK_MS } from "../../shared/sim/engine/Engine.ts";
import { hashSecret, newId, secretMatches } from "../classroom/secrets.ts";
import type { ServerConfig } from "../config.ts";
import type { ReplayPool } from "../replay/ReplayPool.ts";
import { UnreplayableMatch } from "../replay/replayJobs.ts";
import type { SessionDirectory } from "../sessions/SessionDirectory.ts";
import type { LiveMatch } from "../sessions/SessionHandle.ts";
import type { LibraryEntry } from "../storage/MatchLibrary.ts";
import type { MatchReader, MatchShelf } from "../storage/MatchStore.ts";
import { apiError, bearer, type RateLimit } from "./common.ts";

export interface MatchesApiOptions {
  config: ServerConfig;
  directory: SessionDirectory;
  archive: MatchReader;
  library: MatchShelf;
  replays: ReplayPool;
  rateLimited: RateLimit;
  log: Logger;
}

/**
 * Recorded matches: the list, each match's details and goals, its `kubeclass.match` file, imports of
 * match files (re-simulated and verified on the replay worker), and debriefs (JSON, cached once the
 * match is over, and CSV). Ended and imported matches are readable by anyone, so a class can replay
 * them; a live one only with its instructor token.
 */
export function createMatchesRouter(options: MatchesApiOptions): Router {
  const { config, directory, archive, library, replays, rateLimited, log } = options;
  const router = express.Router();
  /** Debriefs being computed, so a burst of requests computes each once. */
  const computing = new Map<string, Promise<string | undefined>>();

  /** A live match's engine as it is now, from its room (here, or in another process when scaled out). */
  const liveMatch = async (entry: LibraryEntry): Promise<LiveMatch | undefined> => {
    if (entry.summary.status !== "live") return undefined;
    const room = await directory.findById(entry.summary.id).catch(() => undefined);
    return room?.live().catch(() => undefined);
  };

  /** The match the path names, if the caller may read it (answers the request otherwise). */
  const readable = async (req: Request, res: Response): Promise<LibraryEntry | undefined> => {
    const id = String(req.params.id);
    const entry = id.length <= 200 ? await library.get(id) : undefined;
    if (!entry) {
      if (!rateLimited(req, res))
        res.status(404).json(apiError("UnknownMatch", worded("unknownMatch", { id: id.slice(0, 200) })));
      return undefined;
    }
    if (entry.summary.status !== "live") return entry;
    const token = bearer(req);
    const hash = await archive.instructorTokenHash(entry.summary.id);
    if (!token || !hash || !secretMatches(token, hash)) {
      if (!rateLimited(req, res)) {
        res.status(401).json(apiError("NotInstructor", worded("matchLive")));
      }
      return undefined;
    }
    return entry;
  };

  router.get("/matches", async (_req, res) => {
    res.json({ matches: (await library.list()).map((e) => e.summary) satisfies MatchSummary[] });
  });

  router.get("/matches/:id", async (req, res) => {
    const id = String(req.params.id);
    const entry = id.length <= 200 ? await library.get(id) : undefined;
    if (!entry) {
      if (!rateLimited(req, res))
        res.status(404).json(apiError("UnknownMatch", worded("unknownMatch", { id: id.slice(0, 200) })));
      return;
    }
    const live = await liveMatch(entry);
    const endTick = live?.tick ?? entry.endTick;
    res.json({
      ...entry.summary,
      seed: entry.seed,
      scenarioSource: entry.scenarioSource,
      endTick,
      simulatedSeconds: (endTick * TICK_MS) / 1000,
      goals: live?.goals ?? entry.goals ?? [],
      ...(entry.verified !== undefined
        ? { verified: entry.verified, mismatches: entry.mismatches ?? [] }
        : {}),
    } satisfies MatchDetails);
  });

  const recordOf = async (entry: LibraryEntry) => {
    const live = await liveMatch(entry);
    return library.record(entry.summary.id, live ? { endTick: live.tick } : {});
  };

  router.get("/matches/:id/record", async (req, res) => {
    const entry = await readable(req, res);
    if (!entry) return;
    const record = await recordOf(entry);
    if (!record) {
      res.status(404).json(apiError("UnknownMatch", worded("matchNoRecord")));
      return;
    }
    res.setHeader("Content-Disposition", `attachment; filename="kubeclass-match-${entry.summary.id}.json"`);
    res.json(record);
  });

  router.post("/matches/import", express.json({ limit: MAX_MATCH_FILE_BYTES }), async (req, res) => {
    if (config.adminToken && !secretMatches(bearer(req) ?? "", hashSecret(config.adminToken))) {
      res.status(401).json(apiError("NotAdmin", worded("needsAdminToImport")));
      return;
    }
    if (rateLimited(req, res)) return;
    const parsed = parseMatchRecord(req.body);
    if (!parsed.ok) {
      res
        .status(422)
        .json(apiError("InvalidMatchFile", worded("invalidMatchFile", { problem: parsed.error })));
      return;
    }
    let verification: Awaited<
      ReturnType<typeof replays.run<{ kind: "verify"; record: typeof parsed.record }>>
    >;
    try {
      verification = await replays.run({ kind: "verify", record: parsed.record });
    } catch (error) {
      if (error instanceof UnreplayableMatch) {
        res
          .status(422)
          .json(apiError("UnreplayableMatch", worded("unreplayableMatch", { problem: error.message })));
        return;
      }
      log.warn({ err: error }, "an imported match could not be re-simulated");
      res
        .status(422)
        .json(
          apiError("UnreplayableMatch", worded("resimulationFailed", { problem: (error as Error).message })),
        );
      return;
    }
    let id = newId("imp_");
    while (await library.has(id)) id = newId("imp_");
    await library.addImport({
      id,
      record: parsed.record,
      json: JSON.stringify(req.body),
      importedAt: config.clock.now(),
      mismatches: verification.mismatches,
      goals: verification.goals,
      result: verification.result,
    });
    log.info({ match: id, mismatches: verification.mismatches.length }, "match imported");
    res.status(201).json({
      id,
      verified: verification.mismatches.length === 0,
      mismatches: verification.mismatches,
    } satisfies MatchImported);
  });

  /** The debrief as JSON text: cached for a finished match, computed on the replay worker otherwise. */
  /** undefined: the match has no record to debrief. */
  const debriefJson = (entry: LibraryEntry): Promise<string | undefined> => {
    const id = entry.summary.id;
    const finished = entry.summary.status !== "live";
    const running = computing.get(id);
    if (running) return running;
    const job = (async () => {
      if (finished) {
        const cached = await library.cachedDebrief(id);
        if (cached !== undefined) return cached;
      }
      const record = await recordOf(entry);
      if (!record) return undefined;
      const json = JSON.stringify(await replays.run({ kind: "debrief", record }));
      if (finished) await library.cacheDebrief(id, json);
      return json;
    })().finally(() => computing.delete(id));
    computing.set(id, job);
    return job;
  };

  const withDebrief = async (
    req: Request,
    res: Response,
    send: (json: string, entry: LibraryEntry) => void,
  ) => {
    const entry = await readable(req, res);
    if (!entry) return;
    try {
      const json = await debriefJson(entry);
      if (json === undefined) {
        res.status(404).json(apiError("UnknownMatch", worded("matchNoRecord")));
        return;
      }
      send(json, entry);
    } catch (error) {
      log.warn({ err: error, match: entry.summary.id }, "debrief failed");
      res
        .status(422)
        .json(apiError("UnreplayableMatch", worded("debriefFailed", { problem: (error as Error).message })));
    }
  };

  router.get("/matches/:id/debrief", (req, res) =>
    withDebrief(req, res, (json) => {
      res.type("application/json").send(json);
    }),
  );

  router.get("/matches/:id/debrief.csv", (req, res) =>
    withDebrief(req, res, (json, entry) => {
      const name = entry.summary.scenario.name.replace(/[^A-Za-z0-9._-]/g, "_");
      res
        .type("text/csv")
        .setHeader("Content-Disposition", `attachment; filename="kubeclass-${name}-${entry.summary.id}.csv"`)
        .send(debriefCsv(JSON.parse(json) as Debrief));
    }),
  );

  return router;
}
