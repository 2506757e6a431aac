import express, { type Router } from "express";
import {
  type ScenarioErrorJson,
  type ScenarioValidation,
  ValidateScenarioBody,
} from "../../shared/protocol/http.ts";
import { worded } from "../../shared/protocol/phrases.ts";
import { formatScenarioError, loadScenario } from "../../shared/scenario/load.ts";
import { DEFAULT_WORKERS } from "../../shared/sim/engine/spec.ts";
import type { ScenarioCatalog } from "../scenarios/ScenarioCatalog.ts";
import { apiError, zodIssues } from "./common.ts";

const YAML_FILE = /^([A-Za-z0-9][A-Za-z0-9._-]{0,99})\.ya?ml$/;

/**
 * The built-in scenarios and the scenario editor's checks: the list, each file as it is on disk (a
 * starting point for a new one), and validation of files being edited, every error at its field.
 */
export function createScenariosRouter(catalog: ScenarioCatalog): Router {
  const router = express.Router();

  router.get("/scenarios", (_req, res) => {
    res.json({ scenarios: catalog.list() });
  });

  router.get("/scenarios/:file", (req, res) => {
    const name = YAML_FILE.exec(String(req.params.file))?.[1];
    const builtIn = name === undefined ? undefined : catalog.get(name);
    const text = builtIn?.files[0]?.text;
    if (!name || text === undefined) {
      const known = catalog.list().map((s) => `${s.name}.yaml`);
      res
        .status(404)
        .json(
          apiError(
            "UnknownScenario",
            worded("unknownScenarioFile", { file: String(req.params.file), known: known.join(", ") }),
          ),
        );
      return;
    }
    res
      .type("application/yaml")
      .setHeader("Content-Disposition", `attachment; filename="${name}.yaml"`)
      .send(text);
  });

  router.post("/scenarios/validate", (req, res) => {
    const body = ValidateScenarioBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json(apiError("BadRequest", worded("badRequest"), { issues: zodIssues(body.error) }));
      return;
    }
    const loaded = loadScenario(body.data.files);
    if (!loaded.ok) {
      const errors: ScenarioErrorJson[] = loaded.errors.map((e) => ({ ...e, text: formatScenarioError(e) }));
      res.json({ ok: false, errors } satisfies ScenarioValidation);
      return;
    }
    const s = loaded.scenario;
    const declaredNodes = s.objects.filter((o) => o.kind === "Node").length;
    res.json({
      ok: true,
      errors: [],
      summary: {
        name: s.name,
        title: s.title,
        description: s.description,
        ...(s.durationSeconds !== undefined ? { durationSeconds: s.durationSeconds } : {}),
        nodes: declaredNodes || DEFAULT_WORKERS.length,
        seed: s.seed,
        goals: s.goals,
        winConditions: s.winConditions.length,
        timelineSteps: s.timeline.length,
        notSimulated: s.notSimulated,
      },
    } satisfies ScenarioValidation);
  });

  return router;
}
