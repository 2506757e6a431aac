import express, { type Response, type Router } from "express";
import type { Logger } from "pino";
import { type ScenarioValidation, ValidateScenarioBody } from "../../shared/protocol/http.ts";
import { worded } from "../../shared/protocol/phrases.ts";
import { hashSecret, secretMatches } from "../classroom/secrets.ts";
import type { ServerConfig } from "../config.ts";
import type { ScenarioCatalog } from "../scenarios/ScenarioCatalog.ts";
import { SCENARIO_TIMEOUT_MS, type ScenarioPool } from "../scenarios/ScenarioPool.ts";
import { JobTimedOut, PoolBusy } from "../workers/WorkerPool.ts";
import { apiError, bearer, type RateLimit, zodIssues } from "./common.ts";

const YAML_FILE = /^([A-Za-z0-9][A-Za-z0-9._-]{0,99})\.ya?ml$/;
/** What a busy scenario pool asks the client to wait. */
const BUSY_RETRY_SECONDS = 2;

export interface ScenariosApiOptions {
  config: ServerConfig;
  catalog: ScenarioCatalog;
  scenarios: ScenarioPool;
  /** Checks and uploads per client address (SCENARIO_RATE_LIMIT). */
  scenarioLimited: RateLimit;
  log: Logger;
}

/** A scenario job that did not answer: the pool was full (503, retry) or the file took too long (422). */
export function scenarioJobFailed(res: Response, error: unknown, log: Logger): void {
  if (error instanceof PoolBusy) {
    res.setHeader("Retry-After", String(BUSY_RETRY_SECONDS));
    res.status(503).json(
      apiError("Busy", worded("scenarioBusy", { seconds: BUSY_RETRY_SECONDS }), {
        retryAfterSeconds: BUSY_RETRY_SECONDS,
      }),
    );
    return;
  }
  if (error instanceof JobTimedOut) {
    res
      .status(422)
      .json(apiError("ScenarioTooSlow", worded("scenarioTooSlow", { seconds: SCENARIO_TIMEOUT_MS / 1000 })));
    return;
  }
  log.error({ err: error }, "scenario job failed");
  res.status(500).json(apiError("InternalError", worded("internalError")));
}

/**
 * The built-in scenarios and the scenario editor's checks: the list, each file as it is on disk (a
 * starting point for a new one), and validation of files being edited, every error at its field.
 * Validation runs on a scenario worker thread, rate-limited per address, and needs ADMIN_TOKEN when the
 * server has one (as creating a session does).
 */
export function createScenariosRouter(options: ScenariosApiOptions): Router {
  const { config, catalog, scenarios, scenarioLimited, log } = options;
  const router = express.Router();
  const adminHash = config.adminToken ? hashSecret(config.adminToken) : undefined;

  router.get("/scenarios", (_req, res) => {
    res.json({ scenarios: catalog.list() });
  });

  router.get("/scenarios/:file", (req, res) => {
    const name = YAML_FILE.exec(String(req.params.file))?.[1];
    const builtIn = name === undefined ? undefined : catalog.get(name);
    const text = builtIn?.files[0]?.text;
    if (!name || text === undefined) {
      const known = catalog.list().map((s) => `${s.name}.yaml`);
      res.status(404).json(
        apiError(
          "UnknownScenario",
          worded("unknownScenarioFile", {
            file: String(req.params.file).slice(0, 200),
            known: known.join(", "),
          }),
        ),
      );
      return;
    }
    res
      .type("application/yaml")
      .setHeader("Content-Disposition", `attachment; filename="${name}.yaml"`)
      .send(text);
  });

  router.post("/scenarios/validate", async (req, res) => {
    if (adminHash && !secretMatches(bearer(req) ?? "", adminHash)) {
      res.status(401).json(apiError("NotAdmin", worded("needsAdminForScenarios")));
      return;
    }
    if (scenarioLimited(req, res)) return;
    const body = ValidateScenarioBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json(apiError("BadRequest", worded("badRequest"), { issues: zodIssues(body.error) }));
      return;
    }
    try {
      res.json(
        (await scenarios.run({
          kind: "validate",
          files: body.data.files,
          quota: config.quota,
        })) satisfies ScenarioValidation,
      );
    } catch (error) {
      scenarioJobFailed(res, error, log);
    }
  });

  return router;
}
