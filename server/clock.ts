/**
 * The wall clock server code reads (epoch ms): passed in (ServerConfig.clock), never read inline, so a
 * test can run the server on a fake clock and move time on by hand.
 */
export interface WallClock {
  now(): number;
}

export const systemClock: WallClock = { now: () => Date.now() };
