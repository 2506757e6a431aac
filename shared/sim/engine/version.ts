/**
 * The simulation's version, recorded with every match: a change that makes a recorded match
 * re-simulate differently (its checkpoints' hashes no longer match) adds one, so a replay of an older
 * match can say why it differs. tests/sim/engine/version.test.ts pins a run's hash to this number.
 *
 * 1: Events stored per series (count, first and last time), as a cluster stores them.
 */
export const SIMULATION_VERSION = 1;
