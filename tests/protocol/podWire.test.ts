import { Encoder, Reflection } from "@colyseus/schema";
import { describe, expect, it } from "vitest";
import { ClassroomState } from "../../server/state/ClassroomState.ts";
import { schemaTarget } from "../../server/state/SchemaTarget.ts";
import { podOf, podWords, wordCode, wordOf } from "../../shared/protocol/podWire.ts";
import { receivePods } from "../../shared/protocol/receivePods.ts";
import type { PodView, SyncedArray, SyncedMap } from "../../shared/protocol/state.ts";
import { ipv4Of, type SyncedPod } from "../../shared/protocol/syncedPod.ts";
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

  it("an IPv4 address travels as a number, any other address as text", () => {
    expect(ipv4Of("10.244.3.17")).toBe(0x0af40311);
    expect(ipv4Of("255.255.255.255")).toBe(0xffffffff);
    for (const other of ["", "fd00::1", "10.244.3", "10.244.3.017", "10.244.3.256", "a.b.c.d"])
      expect(ipv4Of(other)).toBe(0);
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
            // an init container, and a second container (synced apart from the first)
            spec: {
              initContainers: [{ name: "setup", image: "busybox:1.36", command: ["sh", "-c", "sleep 2"] }],
              containers: [
                // memory not in whole MiB: sent in bytes
                { name: "app", image: "nginx:1.27", resources: { requests: { memory: "100M" } } },
                { name: "log", image: "busybox:1.36", command: ["sleep", "3600"] },
              ],
            },
          },
        },
      }),
    );
    const state = new ClassroomState();
    // a pod's creation travels as ms after the session's start
    state.session.startTime = engine.state.startTime;
    const target = schemaTarget(state);
    const encoder = new Encoder(state);
    const decoder = Reflection.decode(Reflection.encode(encoder));
    decoder.decode(encoder.encodeAll());
    encoder.discardChanges();
    const client = decoder.state as unknown as {
      pods: SyncedMap<SyncedPod>;
      dictionary: SyncedArray<string>;
      session: { startTime: number };
    };
    const seen = new Set<string>();
    const check = () => {
      for (const [key, pod] of Object.entries(engine.state.pods)) {
        target.pods.put(key, podView(pod));
        decoder.decode(encoder.encode());
        encoder.discardChanges();
        receivePods(client.pods, client);
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
    expect(seen.has("Init:0/1")).toBe(true);
  });

  it("a collection absent while empty arrives when it fills, and reads as the view's", () => {
    const state = new ClassroomState();
    const target = schemaTarget(state);
    const encoder = new Encoder(state);
    const decoder = Reflection.decode(Reflection.encode(encoder));
    decoder.decode(encoder.encodeAll());
    encoder.discardChanges();
    const client = decoder.state as unknown as {
      pods: SyncedMap<SyncedPod>;
      dictionary: SyncedArray<string>;
      session: { startTime: number };
    };
    const patch = () => {
      decoder.decode(encoder.encode());
      encoder.discardChanges();
      receivePods(client.pods, client);
      return client.pods.get("default/a") as unknown as PodView;
    };
    const empty = {
      ...podWords("Running", "Running"),
      node: "w1",
      nominatedNode: "",
      message: "",
      readyContainers: 0,
      totalContainers: 0,
      restarts: 0,
      ip: "",
      cpu: 0,
      memory: 0,
      created: 0,
      deleting: false,
      priority: 0,
      ownerKind: 0,
      ownerText: "",
      defaultTolerations: 2,
      containers: [],
      initContainers: [],
      nodeSelector: new Map<string, string>(),
      nodeAffinity: [],
      tolerations: [],
    };
    target.pods.put("default/a", empty);
    const first = patch();
    expect([first.tolerations.length, first.nodeSelector.size, first.initContainers.length]).toEqual([
      0, 0, 0,
    ]);
    const init = {
      name: "init",
      image: "busybox",
      stateCode: wordCode("terminated")[0],
      reasonCode: wordCode("Completed")[0],
      reasonText: "",
      message: "",
      lastState: "",
      ready: false,
      restarts: 0,
      sidecar: false,
    };
    target.pods.put("default/a", {
      ...empty,
      tolerations: ["dedicated=gpu:NoSchedule"],
      nodeSelector: new Map([["disktype", "ssd"]]),
      initContainers: [init],
    });
    const filled = patch();
    expect([...filled.tolerations]).toEqual(["dedicated=gpu:NoSchedule"]);
    expect(filled.nodeSelector.get("disktype")).toBe("ssd");
    expect([filled.initContainers.at(0)?.state, filled.initContainers.at(0)?.reason]).toEqual([
      "terminated",
      "Completed",
    ]);
  });
});
