import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import type { Service, ServicePort } from "../model/service.ts";
import { nextInt } from "../prng.ts";

/**
 * The API server's node port allocator (--service-node-port-range 30000-32767): a NodePort or
 * LoadBalancer Service gets a random free port for each port that names none, keeps the ports it was
 * given on update, and is refused a port another Service holds. A ClusterIP Service has none.
 */
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

function usedNodePorts(engine: Engine, except?: Service): Set<string> {
  const used = new Set<string>();
  for (const s of Object.values(engine.state.services)) {
    if (s === except) continue;
    for (const p of s.spec.ports) if (p.nodePort) used.add(`${p.protocol}/${p.nodePort}`);
  }
  return used;
}

/** The ports with their node ports, or the refusal of a port already allocated. */
export function allocateNodePorts(
  engine: Engine,
  name: string,
  type: Service["spec"]["type"],
  ports: ServicePort[],
  existing?: Service,
): { ok: true; ports: ServicePort[] } | CommandResult {
  if (type !== "NodePort" && type !== "LoadBalancer") {
    return { ok: true, ports: ports.map(({ nodePort: _, ...p }) => p) };
  }
  const used = usedNodePorts(engine, existing);
  const out: ServicePort[] = [];
  for (const [i, p] of ports.entries()) {
    if (p.nodePort !== undefined) {
      if (used.has(`${p.protocol}/${p.nodePort}`)) {
        return {
          ok: false,
          code: "Invalid",
          message: `The Service "${name}" is invalid: spec.ports[${i}].nodePort: Invalid value: ${p.nodePort}: provided port is already allocated`,
        };
      }
      used.add(`${p.protocol}/${p.nodePort}`);
      out.push(p);
      continue;
    }
    // An update keeps the node port its port already had.
    const before = existing?.spec.ports.find(
      (q) => q.nodePort && q.protocol === p.protocol && (q.port === p.port || (p.name && q.name === p.name)),
    )?.nodePort;
    let nodePort = before;
    while (nodePort === undefined || used.has(`${p.protocol}/${nodePort}`)) {
      nodePort = NODE_PORT_MIN + nextInt(engine.state.rng, NODE_PORT_MAX - NODE_PORT_MIN + 1);
    }
    used.add(`${p.protocol}/${nodePort}`);
    out.push({ ...p, nodePort });
  }
  return { ok: true, ports: out };
}
