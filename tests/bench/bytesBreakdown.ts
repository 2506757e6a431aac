import { ChangeTree, Encoder, type Schema } from "@colyseus/schema";
import { ClassroomState } from "../../server/state/ClassroomState.ts";
import { Projector } from "../../server/state/Projector.ts";
import { loadScenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import { scenarioYaml } from "./room.bench.ts";

/**
 * `npx tsx tests/bench/bytesBreakdown.ts`: where the bytes of the game room's shared patch go, by
 * top-level field of the synced state. The bench's cluster (50 nodes, 500 pods Running) in process, no
 * sockets: Running pods deleted at BENCH_CHURN a second, the engine ticked every 100 ms, a patch encoded
 * every 50 ms (the room's rate) over BENCH_SECONDS simulated seconds. Each encoded change tree's bytes are
 * charged to the top-level field it hangs under.
 */
const CHURN = Number(process.env.BENCH_CHURN ?? 25);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PATCH_MS = Number(process.env.PATCH_RATE_MS ?? 50);
/** BENCH_SERVICES=10: a Service in front of each of the first N Deployments (kube-proxy rules on every node). */
const SERVICES = Number(process.env.BENCH_SERVICES ?? 0);
/** BENCH_ROWS: how many of the costliest fields the second table lists. */
const ROWS = Number(process.env.BENCH_ROWS ?? 40);
const services = Array.from(
  { length: SERVICES },
  (_, i) =>
    `---\napiVersion: v1\nkind: Service\nmetadata: { name: svc-${i + 1} }\nspec:\n  selector: { app: app-${i + 1} }\n  ports: [{ port: 80 }]\n`,
).join("");

Encoder.BUFFER_SIZE = 1024 * 1024;
const loaded = loadScenario([{ file: "bench.yaml", text: scenarioYaml() + services }]);
if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
const engine = createEngine(loaded.scenario);
const running = () => Object.values(engine.state.pods).filter((p) => p.status.phase === "Running");
while (running().length < 500) engine.tick();

const state = new ClassroomState();
const projector = new Projector(engine, state);
projector.initialize();
const encoder = new Encoder(state);
const full = encoder.encodeAll().byteLength;
encoder.discardChanges();

const topFields = new Map<Schema, string>();
const rootMeta = (ClassroomState as unknown as { [Symbol.metadata]: Record<number, { name: string }> })[
  Symbol.metadata
];
for (let i = 0; rootMeta[i] !== undefined; i++) {
  const name = (rootMeta[i] as { name: string }).name;
  const value = (state as unknown as Record<string, Schema>)[name];
  if (value) topFields.set(value, name);
}
const $changes = Symbol.for("$changes");
function fieldOf(tree: ChangeTree): string {
  let ref: unknown = tree.ref;
  while (ref && ref !== state) {
    const name = topFields.get(ref as Schema);
    if (name) return name;
    ref = (ref as Record<symbol, ChangeTree | undefined>)[$changes]?.parent;
  }
  return "(root)";
}

const bytesBy = new Map<string, number>();
let counting = false;
const proto = ChangeTree.prototype as unknown as {
  forEachWithCtx: (this: ChangeTree, ctx: { it: { offset: number } }, cb: unknown) => void;
};
const original = proto.forEachWithCtx;
const bytesByField = new Map<string, number>();
type Ctx = { it: { offset: number }; isSchema: boolean; metadata: Record<number, { name: string }> };
proto.forEachWithCtx = function (ctx, cb) {
  const before = ctx.it.offset;
  const typeName = (this.ref as object).constructor.name;
  const wrapped = (c: Ctx, index: number, op: number) => {
    const b = c.it.offset;
    (cb as (c: Ctx, index: number, op: number) => void)(c, index, op);
    if (!counting) return;
    const name = c.isSchema
      ? `${typeName}.${c.metadata[index]?.name ?? index}`
      : `${typeName} in ${fieldOf(this)} (${(this.ref as { size?: number; length?: number }).size ?? (this.ref as { length?: number }).length})`;
    bytesByField.set(name, (bytesByField.get(name) ?? 0) + c.it.offset - b);
  };
  original.call(this, ctx, wrapped);
  if (counting) {
    const field = fieldOf(this);
    bytesBy.set(field, (bytesBy.get(field) ?? 0) + ctx.it.offset - before);
  }
};

let total = 0;
let patches = 0;
let carry = 0;
let simulated = 0;
let rng = 1;
const random = () => {
  rng = (rng * 48271) % 2147483647;
  return rng / 2147483647;
};
const t0 = performance.now();
let projectMs = 0;
/** The projection's CPU time on this thread: steadier than its wall time on a shared machine. */
let projectCpuMs = 0;
let encodeMs = 0;
while (simulated < SECONDS * 1000) {
  simulated += PATCH_MS;
  carry += (CHURN * PATCH_MS) / 1000;
  while (carry >= 1) {
    carry--;
    const pods = running();
    const pod = pods[Math.floor(random() * pods.length)];
    if (pod) engine.apply("instructor", { type: "Delete", kind: "Pod", name: pod.metadata.name });
  }
  if (simulated % 100 === 0) engine.tick();
  const p0 = performance.now();
  const c0 = process.threadCpuUsage();
  projector.flush();
  state.session.wallStart ||= Date.now();
  state.session.tickedOffset = Date.now() - state.session.wallStart;
  const c1 = process.threadCpuUsage(c0);
  projectCpuMs += (c1.user + c1.system) / 1000;
  const p1 = performance.now();
  counting = true;
  const bytes = encoder.encode().byteLength;
  counting = false;
  encoder.discardChanges();
  encodeMs += performance.now() - p1;
  projectMs += p1 - p0;
  total += bytes;
  patches++;
}
const wall = (performance.now() - t0) / 1000;
const rows = [...bytesBy].sort((a, b) => b[1] - a[1]);
console.log(
  `full state ${full} B; ${patches} patches over ${SECONDS} s; churn ${CHURN}/s; ${SERVICES} Services`,
);
console.log(
  `shared patch bytes per client per second: ${Math.round(total / SECONDS)} (projection ${(projectMs / SECONDS).toFixed(1)} ms/s wall, ${(projectCpuMs / SECONDS).toFixed(1)} ms/s CPU, encoding ${(encodeMs / SECONDS).toFixed(1)} ms/s, wall ${wall.toFixed(1)} s)`,
);
console.table(
  Object.fromEntries(
    rows.map(([name, b]) => [
      name,
      { "B/s": Math.round(b / SECONDS), share: `${((100 * b) / total).toFixed(1)} %` },
    ]),
  ),
);
console.table(
  Object.fromEntries(
    [...bytesByField]
      .sort((a, b) => b[1] - a[1])
      .slice(0, ROWS)
      .map(([name, b]) => [name, { "B/s": Math.round(b / SECONDS) }]),
  ),
);
