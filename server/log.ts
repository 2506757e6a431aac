import { type Logger, pino } from "pino";

/** JSON lines on stdout (pino); `LOG_LEVEL=silent` turns them off. */
export function createLogger(level: string): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
}
