import { serveJobs } from "../workers/workerMain.ts";
import { runScenarioJob, type ScenarioJob } from "./scenarioJobs.ts";

/** A scenario worker thread (started by ScenarioPool). */
serveJobs<ScenarioJob>(runScenarioJob);
