import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import type { Request, Response } from "express";
import { hashSecret, secretMatches } from "../classroom/secrets.ts";
import type { ServerConfig } from "../config.ts";
import type { SessionDirectory } from "../sessions/SessionDirectory.ts";
import { bearer } from "./common.ts";

/** How often the event loop's figures start over: /healthz reports the last full window. */
const LOOP_WINDOW_MS = 60_000;

const ms = (value: number) => Math.round(value * 100) / 100;

/** One session's load as /healthz lists it (its join code only for the holder of ADMIN_TOKEN). */
export interface SessionHealth {
  id: string;
  code?: string;
  scenario: string;
  status: string;
  connections: number;
  ticksPerSecond: number;
  tickMeanMs: number;
  tickP99Ms: number;
  tickMaxMs: number;
  /** A patch: projecting, encoding and sending the changes. */
  patchP99Ms: number;
  workMsPerSecond: number;
  overBudget: number;
}

/**
 * `GET /healthz`: the process is up, and what its classes cost the one event loop they share — the
 * loop's delay and utilisation over the last minute, and each live session's simulation (engine tick
 * mean, p99, max and rate; patch p99) and measured requests (ms of work per second, requests over
 * budget). Join codes are listed only with `Authorization: Bearer <ADMIN_TOKEN>`: anyone who reads a
 * code can join that class.
 */
export function healthHandler(
  config: ServerConfig,
  directory: SessionDirectory,
  record?: { backend: string; stats?(): Record<string, number> },
) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let utilizationMark = performance.eventLoopUtilization();
  let last = { delayP99Ms: 0, delayMaxMs: 0, utilization: 0 };
  const roll = setInterval(() => {
    const now = performance.eventLoopUtilization();
    last = {
      delayP99Ms: ms(delay.percentile(99) / 1e6),
      delayMaxMs: ms(delay.max / 1e6),
      utilization: ms(performance.eventLoopUtilization(now, utilizationMark).utilization),
    };
    utilizationMark = now;
    delay.reset();
  }, LOOP_WINDOW_MS);
  roll.unref();
  const adminHash = config.adminToken ? hashSecret(config.adminToken) : undefined;

  return (req: Request, res: Response) => {
    const admin = adminHash !== undefined && secretMatches(bearer(req) ?? "", adminHash);
    const sessions: SessionHealth[] = directory.all().map((room) => {
      const classroom = room.classroom;
      const load = classroom.load.load();
      return {
        id: classroom.id,
        ...(admin ? { code: classroom.code } : {}),
        scenario: classroom.state.session.scenario,
        status: classroom.status,
        connections: classroom.connections.size,
        ticksPerSecond: ms(load.tick.perSecond),
        tickMeanMs: ms(load.tick.meanMs),
        tickP99Ms: ms(load.tick.p99Ms),
        tickMaxMs: ms(load.tick.maxMs),
        patchP99Ms: ms(load.patch.p99Ms),
        workMsPerSecond: ms(load.work.msPerSecond),
        overBudget: load.overBudget,
      };
    });
    const since = performance.eventLoopUtilization(utilizationMark);
    res.json({
      status: "ok",
      sessions: sessions.length,
      uptimeSeconds: Math.round(process.uptime()),
      eventLoop: {
        /** The last full minute. */
        ...last,
        /** Since then. */
        delayP99MsNow: ms(delay.percentile(99) / 1e6),
        utilizationNow: ms(since.utilization),
      },
      rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
      ...(record?.stats ? { record: { backend: record.backend, ...record.stats() } } : {}),
      live: sessions,
    });
  };
}
