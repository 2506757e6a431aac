/**
 * `npm run bench`: runs every benchmark (or those named on the command line) and prints its figures.
 * Benchmarks measure; they assert nothing. BENCHMARKS.md records the figures with this command.
 */
export type Bench = () => Promise<Record<string, number | string>>;

const BENCHES: Record<string, () => Promise<Bench>> = {
  scheduler: async () => (await import("./scheduler.bench.ts")).benchScheduler,
  "scheduler-affinity": async () => (await import("./affinity.bench.ts")).benchAffinity,
  "scheduler-bot": async () => (await import("./engine.bench.ts")).benchSchedulerBot,
  engine: async () => (await import("./engine.bench.ts")).benchEngine,
  "engine-workloads": async () => (await import("./workloads.bench.ts")).benchWorkloads,
  kubectl: async () => (await import("./kubectl.bench.ts")).benchKubectl,
  "kubectl-bounds": async () => (await import("./kubectlBounds.bench.ts")).benchKubectlBounds,
  failover: async () => (await import("./failover.bench.ts")).benchFailover,
  replay: async () => (await import("./replay.bench.ts")).benchReplay,
  client: async () => (await import("./client.bench.ts")).benchClient,
  room: async () => (await import("./room.bench.ts")).benchRoom,
  "room-vs-bare": async () => (await import("./roomVsBare.bench.ts")).benchRoomVsBare,
  "noisy-neighbour": async () => (await import("./noisy.bench.ts")).benchNoisyNeighbour,
  soak: async () => (await import("./soak.bench.ts")).benchSoak,
  "scale-out": async () => (await import("./scaleout.bench.ts")).benchScaleOut,
};

/** Long or machine-filling benchmarks run only when named (`npm run bench -- soak`). */
const ON_REQUEST = new Set(["noisy-neighbour", "soak", "scale-out"]);

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in BENCHES)) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(", ")}`);
    process.exit(2);
  }
}
for (const [name, load] of Object.entries(BENCHES)) {
  if (wanted.length > 0 ? !wanted.includes(name) : ON_REQUEST.has(name)) continue;
  const bench = await load();
  console.log(`\n## ${name}`);
  console.table(await bench());
}
// client sockets of the long benchmarks may keep the loop alive a moment after they are closed
process.exit(0);
