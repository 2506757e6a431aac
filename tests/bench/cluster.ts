import { type Scenario, scenarioOf } from "../../shared/scenario/load.ts";
import type { DecodedObject } from "../../shared/sim/api/decode.ts";

/** A big cluster for benchmarks: `count` nodes of 8 CPU / 32 GiB named node-0000, node-0001, ... */
export function benchCluster(name: string, count: number, fields: Partial<Scenario> = {}): Scenario {
  const objects: DecodedObject[] = [];
  for (let i = 0; i < count; i++) {
    objects.push({
      kind: "Node",
      metadata: { name: `node-${String(i).padStart(4, "0")}`, labels: {}, annotations: {} },
      spec: { unschedulable: false, taints: [] },
      capacity: { cpu: 8000, memory: 32 * 1024 ** 3, pods: 110 },
      machine: {},
    });
  }
  return scenarioOf({ name, objects, ...fields });
}
