import { Encoder, Reflection } from "@colyseus/schema";
import { describe, expect, it } from "vitest";
import { ClassroomState } from "../../server/state/ClassroomState.ts";
import { schemaTarget } from "../../server/state/SchemaTarget.ts";
import {
  type PodStateView,
  podOf,
  podWords,
  receivePods,
  wordCode,
  wordOf,
} from "../../shared/protocol/podWire.ts";
import type { PodView, SyncedMap } from "../../shared/protocol/state.ts";
import { podView } from "../../shared/view/pods.ts";
import { engineFromYaml, runUntil } from "../sim/harness.ts";

/**
 * A pod travels lean (no identity, words as codes, no zeros) and a browser, decoding by reflection
 * without the schema's classes, reads back the very PodView the replay's target holds.
 */
/** A PodView's own fields, plain (a decoded pod also holds the wire's codes beside them). */
const plainPod = (pod: PodView) => {
  const container = (c: PodView["containers"] extends { at(i: number): infer C } ? C : never) => ({
    name: c?.name,
    image: c?.image,
    state: c?.state,
    reason: c?.reason,
    message: c?.message,
    lastState: c?.lastState,
    ready: c?.ready,
    restarts: c?.restarts,
    sidecar: c?.sidecar,
  });
  return {
    key: pod.key,
    name: pod.name,
    namespace: pod.namespace,
    phase: pod.phase,
    status: pod.status,
    node: pod.node,
    nominatedNode: pod.nominatedNode,
    message: pod.message,
    readyContainers: pod.readyContainers,
    totalContainers: pod.totalContainers,
    restarts: pod.restarts,
    ip: pod.ip,
    cpu: pod.cpu,
    memory: pod.memory,
    created: pod.created,
    deleting: pod.deleting,
    priority: pod.priority,
    owner: pod.owner,
    defaultTolerations: pod.defaultTolerations,
    nodeSelector: [...pod.nodeSelector.keys()].map((k) => [k, pod.nodeSelector.get(k)]),
    nodeAffinity: [...pod.nodeAffinity],
    tolerations: [...pod.tolerations],
    containers: pod.containers.map(container),
    initContainers: pod.initContainers.map(container),
  };
};

describe("pods on the wire", () => {
  it("a word the table holds travels as its code, any other as text", () => {
    expect(wordCode("CrashLoopBackOff")[1]).toBe("");
    expect(wordOf(...wordCode("CrashLoopBackOff"))).toBe("CrashLoopBackOff");
    expect(wordCode("Init:0/1")).toEqual([0, "Init:0/1"]);
    expect(wordOf(...wordCode(""))).toBe("");
    expect(podWords("Running", "Terminating").statusText).toBe("");
  });

  it("a reflecting client reads the PodView the replay holds, as the pod changes", () => {
    const engine = engineFromYaml(
      JSON.stringify({
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: { name: "web-7d4b9c" },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: "web" } },
          template: {
            metadata: { labels: { app: "web" } },
            spec: { containers: [{ name: "app", image: "nginx:1.27" }] },
          },
        },
      }),
    );
    const state = new ClassroomState();
    const target = schemaTarget(state);
    const encoder = new Encoder(state);
    const decoder = Reflection.decode(Reflection.encode(encoder));
    decoder.decode(encoder.encodeAll());
    encoder.discardChanges();
    const client = decoder.state as unknown as { pods: SyncedMap<PodStateView> };
    const seen = new Set<string>();
    const check = () => {
      for (const [key, pod] of Object.entries(engine.state.pods)) {
        target.pods.put(key, podView(pod));
        decoder.decode(encoder.encode());
        encoder.discardChanges();
        receivePods(client.pods);
        const received = client.pods.get(key) as unknown as PodView;
        const wanted = podOf(key, podView(pod));
        expect(plainPod(received)).toEqual(plainPod(wanted));
        seen.add(wanted.status);
      }
    };
    runUntil(engine, () => {
      engine.tick();
      check();
      return Object.values(engine.state.pods).some((p) => p.status.phase === "Running");
    });
    const [key, running] = Object.entries(engine.state.pods)[0] ?? [];
    expect(key && running && podOf(key, podView(running)).owner).toBe("ReplicaSet/web-7d4b9c");
    expect(seen.has("Running")).toBe(true);
  });
});
