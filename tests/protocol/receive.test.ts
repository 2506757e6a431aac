import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Callbacks, Encoder, Reflection } from "@colyseus/schema";
import { describe, expect, it } from "vitest";
import { ClassroomState } from "../../server/state/ClassroomState.ts";
import { Projector } from "../../server/state/Projector.ts";
import { receiveAdditions, receiveState } from "../../shared/protocol/receive.ts";
import type { ClassroomStateView } from "../../shared/protocol/state.ts";
import { loadScenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import { TICK_MS } from "../../shared/sim/engine/Engine.ts";
import { eventView } from "../../shared/view/events.ts";
import { nodeView } from "../../shared/view/nodes.ts";
import { requestView } from "../../shared/view/requests.ts";

/**
 * What travels lean is completed by the client: a browser decoding by reflection reads, after each patch,
 * every node's requests and pod count as the node's view on the server sums them (pods arriving, leaving,
 * finishing, preempted), each pod's identity, each API request as the audit log has it, and the session's
 * clock; whether it walks the collections after each patch or completes each entry as it arrives (the
 * browser's and the tests' connections: Colyseus' onAdd).
 */
const SCENARIOS = ["priority-preemption.yaml", "node-failure.yaml", "scale-out.yaml"];
const MODES = ["walked after each patch", "completed as they arrive"] as const;

describe("a client completes the state it receives", () => {
  it.each(SCENARIOS.flatMap((file) => MODES.map((mode) => [file, mode] as const)))(
    "%s, %s: nodes' requests summed from the pods, pods, API requests and events, read as the views",
    (file, mode) => {
      const text = readFileSync(join(process.cwd(), "scenarios", file), "utf8");
      const loaded = loadScenario([{ file, text }]);
      if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
      const engine = createEngine(loaded.scenario);
      const state = new ClassroomState();
      const projector = new Projector(engine, state);
      projector.initialize();
      const encoder = new Encoder(state);
      const decoder = Reflection.decode(Reflection.encode(encoder));
      decoder.decode(encoder.encodeAll());
      encoder.discardChanges();
      const client = decoder.state as unknown as ClassroomStateView;
      const arriving = mode === "completed as they arrive";
      if (arriving) receiveAdditions(Callbacks.get(decoder) as never, () => client as never);
      let busy = 0;
      let requests = 0;
      let events = 0;
      let workloads = 0;
      for (let second = 0; second < 120; second++) {
        for (let i = 0; i < 10; i++) engine.tick();
        projector.flush();
        decoder.decode(encoder.encode());
        encoder.discardChanges();
        receiveState(client as never, arriving);
        // the session's clock is not sent: its start and tick say it
        expect(engine.state.now).toBe(engine.state.startTime + engine.state.tick * TICK_MS);
        expect(client.session.now).toBe(engine.state.now);
        for (const name of Object.keys(engine.state.nodes)) {
          const wanted = nodeView(engine, name, undefined);
          const node = client.nodes.get(name);
          expect({ cpu: node?.requestedCpu, memory: node?.requestedMemory, pods: node?.pods }).toEqual({
            cpu: wanted?.requestedCpu,
            memory: wanted?.requestedMemory,
            pods: wanted?.pods,
          });
          if (wanted?.pods) busy++;
        }
        for (const [key, pod] of Object.entries(engine.state.pods)) {
          const received = client.pods.get(key);
          expect([received?.name, received?.namespace, received?.node]).toEqual([
            pod.metadata.name,
            pod.metadata.namespace,
            pod.spec.nodeName ?? "",
          ]);
        }
        // the workloads travel to every client; their status counts only to the views that show them
        // (the controller manager's and the instructor's: tests/server/projection.test.ts)
        const stores = [
          ["Deployment", engine.state.deployments],
          ["ReplicaSet", engine.state.replicasets],
        ] as const;
        for (const [kind, store] of stores)
          for (const key of Object.keys(store ?? {})) {
            const synced = client.workloads.get(`${kind}/${key}`);
            expect(synced?.name, key).toBe(key.split("/")[1]);
            expect(synced?.readyReplicas, key).toBeUndefined();
            workloads++;
          }
        // each API request the board draws reads as the audit log's entry
        client.requests.forEach((request, key) => {
          const entry = engine.state.audit.find((a) => String(a.seq) === key);
          const { seq, time, seat, verb, resource, namespace, name, code } = request;
          expect({ seq, time, seat, verb, resource, namespace, name, code }).toEqual(
            entry && requestView(entry),
          );
          requests++;
        });
        // each event the feed shows reads as the engine's Event (a row whose series has moved on since
        // is not in the engine's store any more)
        client.events.forEach((event, key) => {
          const stored = engine.state.events.find((e) => String(e.seq) === key);
          if (!stored) return;
          const { seq, type, reason, message, code, params, kind, name, namespace, component, host } = event;
          expect({
            seq,
            type,
            reason,
            message,
            code,
            params,
            kind,
            name,
            namespace,
            component,
            host,
          }).toEqual((({ time: _t, count: _c, firstTime: _f, ...rest }) => rest)(eventView(stored)));
          expect([event.time, event.count, event.firstTime]).toEqual([
            stored.eventTime,
            stored.count > 1 ? stored.count : undefined,
            stored.count > 1 ? stored.firstTime : undefined,
          ]);
          events++;
        });
      }
      expect(busy).toBeGreaterThan(0);
      expect(requests).toBeGreaterThan(0);
      expect(events).toBeGreaterThan(0);
      expect(workloads).toBeGreaterThan(0);
    },
  );
});
