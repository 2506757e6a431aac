import { performance } from "node:perf_hooks";
import { newListCache } from "../../shared/kubectl/context.ts";
import { kubectl } from "../../shared/kubectl/kubectl.ts";
import { parseManifestFile } from "../../shared/kubectl/manifests.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import { benchCluster } from "./cluster.ts";

/**
 * What the worst console commands the game allows cost the event loop (the bounds of
 * shared/kubectl/paging.ts and the server's 50 changes per line), on clusters of PODS pods (default
 * 1,000 and 10,000) on 100 nodes after 30 simulated seconds: the median and the longest of RUNS runs, in
 * ms, each on a fresh listing (as the first command after a tick) and, for reads, again on the listing
 * the server shares between the commands of one state. An apply's YAML is parsed on a worker in the
 * game: its parse is measured apart.
 * `npm run bench -- kubectl-bounds`; BENCH_PODS ("1000,10000").
 */
const SIZES = (process.env.BENCH_PODS ?? "1000,10000").split(",").map(Number);
const RUNS = 7;

const READS = [
  "get pods -A",
  "get pods -A -o wide",
  "get all -A -o yaml",
  "get pods -A -o json",
  "get pods -A --field-selector status.phase=Running",
  "describe pods -A",
  "describe nodes",
  "get events -A",
  "events -A -o yaml",
];

function podsFile(prefix: string, n: number): string {
  return Array.from(
    { length: n },
    (_, i) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${prefix}-${i}\n  labels: {app: bulk}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n`,
  ).join("---\n");
}

function stats(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  return `${(sorted[Math.floor(sorted.length / 2)] as number).toFixed(1)} / ${(sorted.at(-1) as number).toFixed(1)}`;
}

export async function benchKubectlBounds(): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = {};
  for (const pods of SIZES) {
    const engine = createEngine(benchCluster("bounds", 100));
    kubectl(engine, `create deployment web --image=nginx:1.27 --replicas=${pods}`);
    for (let t = 0; t < 300; t++) engine.tick();
    const label = `${pods} pods`;
    figures[`${label}: events stored`] = Object.keys(engine.state.events).length;
    for (const line of READS) {
      const fresh: number[] = [];
      const shared: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS; i++) {
        const cache = newListCache();
        let start = performance.now();
        const r = kubectl(engine, line, { cache });
        fresh.push(performance.now() - start);
        start = performance.now();
        kubectl(engine, line, { cache });
        shared.push(performance.now() - start);
        bytes = r.stdout.length;
      }
      figures[`${label}: ${line} (median / max ms, fresh; shared listing)`] =
        `${stats(fresh)}; ${stats(shared)} · ${Math.round(bytes / 1024)} KiB`;
    }
    const file = podsFile("bulk", 50);
    const parse: number[] = [];
    const apply: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let start = performance.now();
      const parsed = parseManifestFile("pods.yaml", podsFile(`b${i}`, 50));
      parse.push(performance.now() - start);
      start = performance.now();
      kubectl(engine, "apply -f pods.yaml", {
        files: { "pods.yaml": file },
        parsed: { "pods.yaml": parsed },
      });
      apply.push(performance.now() - start);
    }
    figures[`${label}: apply -f of 50 Pods, parsed (median / max ms)`] = stats(apply);
    figures[`${label}: parsing those 50 Pods' YAML (${Math.round(file.length / 1024)} KiB, on a worker)`] =
      stats(parse);
    const del: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      // the server stops a line at 50 changes: delete 50 by name
      const names = Object.values(engine.state.pods)
        .slice(0, 50)
        .map((p) => p.metadata.name)
        .join(" ");
      kubectl(engine, `delete pods ${names} --wait=false`);
      del.push(performance.now() - start);
    }
    figures[`${label}: delete of 50 Pods (median / max ms)`] = stats(del);
  }
  return figures;
}
