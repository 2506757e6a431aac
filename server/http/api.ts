import express, { type NextFunction, type Request, type Response, type Router } from "express";
import QRCode from "qrcode";
import {
  type ApiError,
  CreateSessionBody,
  type InstructorJoinResponse,
  JoinBody,
  type JoinResponse,
  type SessionCreated,
  type SessionPublicInfo,
} from "../../shared/protocol/http.ts";
import { isJoinCode, normalizeJoinCode } from "../../shared/protocol/joinCode.ts";
import { InstructorActionBody } from "../../shared/protocol/messages.ts";
import { worded } from "../../shared/protocol/phrases.ts";
import type { Scenario } from "../../shared/scenario/load.ts";
import type { SessionQuota } from "../../shared/sim/apiserver/quota.ts";
import type { ClassroomSettings } from "../classroom/Classroom.ts";
import { hashSecret, secretMatches } from "../classroom/secrets.ts";
import { TokenBucket } from "../classroom/TokenBucket.ts";
import type { ScenarioCatalog } from "../scenarios/ScenarioCatalog.ts";
import type { ScenarioPool } from "../scenarios/ScenarioPool.ts";
import type { SessionDirectory } from "../sessions/SessionDirectory.ts";
import { type SessionHandle, sessionMoving } from "../sessions/SessionHandle.ts";
import { apiError, bearer, clientIp, rateLimit, zodIssues } from "./common.ts";
import { createMatchesRouter } from "./matchesApi.ts";
import { publicBaseUrl } from "./publicUrl.ts";
import { createScenariosRouter, scenarioJobFailed } from "./scenariosApi.ts";

export interface ApiOptions {
  directory: SessionDirectory;
  /** The port actually listened on (for links when PUBLIC_URL is unset). */
  port: () => number;
}

type Lookup = { room: SessionHandle } | { error: [number, ApiError] };

type ScenarioSource = { name: string; files: { file: string; text: string }[]; origin: "builtin" | "upload" };

/**
 * The scenario a new session plays, built from its text even when built in: each session gets its own
 * objects, made exactly as a replay of the record will make them. Parsed on a scenario worker thread;
 * errors are listed per field.
 */
async function resolveScenario(
  body: CreateSessionBody,
  catalog: ScenarioCatalog,
  scenarios: ScenarioPool,
  quota: SessionQuota,
): Promise<
  { ok: true; source: ScenarioSource; scenario: Scenario } | { ok: false; status: number; error: ApiError }
> {
  let source: ScenarioSource;
  if ("scenario" in body) {
    const builtIn = catalog.get(body.scenario);
    if (!builtIn) {
      const known = catalog.list().map((s) => s.name);
      const said = worded("unknownScenario", { name: body.scenario, known: known.join(", ") });
      return { ok: false, status: 404, error: apiError("UnknownScenario", said) };
    }
    source = { name: builtIn.summary.name, files: builtIn.files, origin: "builtin" };
  } else {
    source = { name: "", files: body.files, origin: "upload" };
  }
  const loaded = await scenarios.run({ kind: "load", files: source.files, quota });
  if (!loaded.ok) {
    const said = worded("invalidScenario", { n: loaded.errors.length });
    return { ok: false, status: 422, error: apiError("InvalidScenario", said, { errors: loaded.errors }) };
  }
  if (source.origin === "upload") source.name = loaded.scenario.name;
  return { ok: true, source, scenario: loaded.scenario };
}

/**
 * The JSON API under /api. Every body is parsed with its shared/protocol schema; every error is
 * `{ error: { reason, message } }` with a status that says what kind of problem it is.
 */
export function createApiRouter(options: ApiOptions): Router {
  const { directory } = options;
  const { config, catalog, archive, library, replays, scenarios, log } = directory.context;
  const limiter = new TokenBucket(config.joinRateLimit / config.joinRateWindowSeconds, config.joinRateLimit);
  const scenarioLimiter = new TokenBucket(config.scenarioRateLimit / 60, config.scenarioRateLimit);
  const pruner = setInterval(() => {
    limiter.prune(config.clock.now());
    scenarioLimiter.prune(config.clock.now());
  }, 60_000);
  pruner.unref();
  const router = express.Router();

  /** Join attempts and code lookups share one budget per address: guessing codes is slow. */
  const rateLimited = rateLimit(config, limiter);
  /** Scenario checks and uploads: each parses YAML on a worker thread. */
  const scenarioLimited = rateLimit(config, scenarioLimiter);

  // match files are the largest bodies: that route parses its own, before the general limit below
  router.use(createMatchesRouter({ config, directory, archive, library, replays, rateLimited, log }));
  // an uploaded scenario is the largest other body: a few files of YAML
  router.use(express.json({ limit: "2mb" }));
  router.use(createScenariosRouter({ config, catalog, scenarios, scenarioLimited, log }));

  const lookup = async (rawCode: string): Promise<Lookup> => {
    const code = normalizeJoinCode(rawCode);
    const unknown: [number, ApiError] = [404, apiError("UnknownCode", worded("unknownCode"))];
    if (!isJoinCode(code)) return { error: unknown };
    // the room of the class, in this process or (scaled out) another one
    const room = await directory.find(code).catch(() => undefined);
    if (room && !room.local?.classroom.ended) return { room };
    const recorded = room ? undefined : await archive.latestByCode(code);
    if (recorded && recorded.endedAt === undefined) {
      // left open by the previous run: the server is bringing it back (start-up re-simulates it)
      return {
        error: [503, apiError("SessionResuming", worded("sessionResuming"))],
      };
    }
    if (room || recorded) {
      return { error: [410, apiError("SessionEnded", worded("sessionEnded"))] };
    }
    return { error: unknown };
  };

  /**
   * The live session the path names. `charged`: the caller already paid a rate-limit token for this
   * request; otherwise a failed lookup pays one, so no endpoint answers "does this code exist?" for free.
   */
  const withSession = async (
    req: Request,
    res: Response,
    charged = false,
  ): Promise<SessionHandle | undefined> => {
    const found = await lookup(String(req.params.code));
    if ("error" in found) {
      if (charged || !rateLimited(req, res)) {
        if (found.error[0] === 503) res.setHeader("Retry-After", "2");
        res.status(found.error[0]).json(found.error[1]);
      }
      return undefined;
    }
    return found.room;
  };

  const instructorOf = async (
    req: Request,
    res: Response,
  ): Promise<{ room: SessionHandle; token: string } | undefined> => {
    const room = await withSession(req, res);
    if (!room) return undefined;
    const token = bearer(req);
    const hash = token ? await room.instructorTokenHash() : undefined;
    if (!token || !hash || !secretMatches(token, hash)) {
      if (!rateLimited(req, res)) {
        res.status(401).json(apiError("NotInstructor", worded("needsInstructorToken")));
      }
      return undefined;
    }
    return { room, token };
  };

  /** A class whose room did not answer (its process died): it is on its way to another one. */
  const moving = (res: Response) => {
    const [status, error] = sessionMoving();
    res.setHeader("Retry-After", "2");
    res.status(status).json(error);
  };

  const links = (req: Request, code: string) => {
    const base = publicBaseUrl(config.publicUrl, req, { host: config.host, port: options.port() });
    return {
      joinUrl: `${base}/join/${code}`,
      qrUrl: `${base}/api/sessions/${code}/qr.svg`,
      instructorUrl: (token: string) => `${base}/instructor/${code}#token=${encodeURIComponent(token)}`,
    };
  };

  router.post("/sessions", async (req, res) => {
    if (config.adminToken && !secretMatches(bearer(req) ?? "", hashSecret(config.adminToken))) {
      res.status(401).json(apiError("NotAdmin", worded("needsAdminToCreate")));
      return;
    }
    if (rateLimited(req, res)) return;
    const body = CreateSessionBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json(apiError("BadRequest", worded("badRequest"), { issues: zodIssues(body.error) }));
      return;
    }
    if ("files" in body.data && scenarioLimited(req, res)) return;
    // the server's limits, lowered where the teacher asks for less
    const asked = body.data.options?.quota ?? {};
    const quota: Required<SessionQuota> = {
      pods: Math.min(asked.pods ?? config.quota.pods, config.quota.pods),
      nodes: Math.min(asked.nodes ?? config.quota.nodes, config.quota.nodes),
      objects: Math.min(asked.objects ?? config.quota.objects, config.quota.objects),
      replicas: Math.min(asked.replicas ?? config.quota.replicas, config.quota.replicas),
    };
    let resolved: Awaited<ReturnType<typeof resolveScenario>>;
    try {
      resolved = await resolveScenario(body.data, catalog, scenarios, quota);
    } catch (error) {
      scenarioJobFailed(res, error, log);
      return;
    }
    if (!resolved.ok) {
      res.status(resolved.status).json(resolved.error);
      return;
    }
    const { source, scenario } = resolved;
    const opts = body.data.options ?? {};
    const settings: ClassroomSettings = {
      maxPlayers: Math.min(opts.maxPlayers ?? config.maxPlayers, config.maxPlayers),
      lateJoin: opts.lateJoin ?? true,
      seatChoice: opts.seatChoice ?? "free",
      teamSize: opts.teamSize ?? 0,
      helpLevel: opts.helpLevel ?? "full",
      wordFilter: opts.wordFilter ?? true,
      speed: opts.speed ?? 1,
      quota,
    };
    let created: Awaited<ReturnType<SessionDirectory["create"]>>;
    try {
      created = await directory.create({
        scenario,
        scenarioName: source.name,
        files: source.files,
        source: source.origin,
        seed: opts.seed ?? scenario.seed,
        settings,
        options: { ...settings, seed: opts.seed ?? scenario.seed },
      });
    } catch (error) {
      log.warn({ err: error }, "session could not start");
      res
        .status(422)
        .json(apiError("ScenarioFailed", worded("scenarioFailed", { problem: (error as Error).message })));
      return;
    }
    const { room, instructorToken: token } = created;
    const code = room.code;
    const l = links(req, code);
    res.status(201).json({
      sessionId: room.classroom.id,
      code,
      joinUrl: l.joinUrl,
      instructorUrl: l.instructorUrl(token),
      instructorToken: token,
      qrUrl: l.qrUrl,
      scenario: source.name,
      title: scenario.title,
      notSimulated: scenario.notSimulated,
    } satisfies SessionCreated);
  });

  router.get("/sessions/:code", async (req, res) => {
    if (rateLimited(req, res)) return;
    const room = await withSession(req, res, true);
    if (!room) return;
    let info: SessionPublicInfo;
    try {
      info = await room.info();
    } catch {
      moving(res);
      return;
    }
    res.json(info satisfies SessionPublicInfo);
  });

  router.get("/sessions/:code/qr.svg", async (req, res) => {
    const room = await withSession(req, res);
    if (!room) return;
    const svg = await QRCode.toString(links(req, room.code).joinUrl, { type: "svg", margin: 1 });
    res.type("image/svg+xml").setHeader("Cache-Control", "no-store").send(svg);
  });

  router.post("/sessions/:code/join", async (req, res) => {
    if (rateLimited(req, res)) return;
    const room = await withSession(req, res, true);
    if (!room) return;
    const body = JoinBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json(apiError("BadRequest", worded("badRequest"), { issues: zodIssues(body.error) }));
      return;
    }
    let answer: Awaited<ReturnType<SessionHandle["join"]>>;
    try {
      // the player's token goes out once the player is in the record
      answer = await room.join(body.data, clientIp(config, req));
    } catch (error) {
      if (room.local) throw error;
      moving(res);
      return;
    }
    if (!answer.ok) {
      res.status(answer.status).json(answer.error);
      return;
    }
    res.json({ ...answer.admitted, session: answer.session } satisfies JoinResponse);
  });

  router.post("/sessions/:code/instructor", async (req, res) => {
    const found = await instructorOf(req, res);
    if (!found) return;
    const { room, token } = found;
    let answer: Awaited<ReturnType<SessionHandle["instructor"]>>;
    try {
      answer = await room.instructor(token);
    } catch (error) {
      if (room.local) throw error;
      moving(res);
      return;
    }
    if (!answer) return;
    // the links as creation gave them: a dashboard opened in another browser shows the same URL and QR
    const l = links(req, room.code);
    res.json({
      reservation: answer.reservation,
      session: answer.session,
      joinUrl: l.joinUrl,
      qrUrl: l.qrUrl,
    } satisfies InstructorJoinResponse);
  });

  router.post("/sessions/:code/actions", async (req, res) => {
    const found = await instructorOf(req, res);
    if (!found) return;
    const { room, token } = found;
    const body = InstructorActionBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json(apiError("BadRequest", worded("badRequest"), { issues: zodIssues(body.error) }));
      return;
    }
    const { type, ...payload } = body.data;
    const reply = await room.action(token, type, payload);
    if (!reply) {
      res.status(401).json(apiError("NotInstructor", worded("needsInstructorToken")));
      return;
    }
    res
      .status(reply.ok ? 200 : reply.reason === "Malformed" || reply.reason === "UnknownMessage" ? 400 : 409)
      .json(reply);
  });

  /** The match record (live or ended session), for the instructor's debrief. */
  router.get("/sessions/:code/record", async (req, res) => {
    const code = normalizeJoinCode(String(req.params.code));
    const live = directory.get(code);
    const summary = live ? await archive.session(live.classroom.id) : await archive.latestByCode(code);
    const token = bearer(req);
    if (!summary) {
      if (!rateLimited(req, res)) res.status(404).json(apiError("UnknownCode", worded("unknownCode")));
      return;
    }
    const hash = await archive.instructorTokenHash(summary.id);
    if (!token || !hash || !secretMatches(token, hash)) {
      if (!rateLimited(req, res)) {
        res.status(401).json(apiError("NotInstructor", worded("needsInstructorToken")));
      }
      return;
    }
    res.json(await archive.match(summary.id));
  });

  router.use((_req, res) => {
    res.status(404).json(apiError("NotFound", worded("noEndpoint")));
  });

  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      const said =
        status === 413
          ? worded("requestTooLarge")
          : worded("badRequestBecause", { problem: (error as Error).message });
      res.status(status).json(apiError(status === 413 ? "TooLarge" : "BadRequest", said));
      return;
    }
    log.error({ err: error }, "API error");
    res.status(500).json(apiError("InternalError", worded("internalError")));
  });

  return router;
}
