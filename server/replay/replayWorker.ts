import { serveJobs } from "../workers/workerMain.ts";
import { type ReplayJob, runReplayJob } from "./replayJobs.ts";

/** The replay worker thread (started by ReplayPool). */
serveJobs<ReplayJob>(runReplayJob);
