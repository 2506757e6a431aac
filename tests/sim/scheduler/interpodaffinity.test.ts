import { describe, expect, it } from "vitest";
import type { Namespace } from "../../../shared/sim/model/cluster.ts";
import type { Affinity, Pod, PodAffinityTerm } from "../../../shared/sim/model/pod.ts";
import { newCycleState } from "../../../shared/sim/scheduler/cyclestate.ts";
import { STATUS_NAMES } from "../../../shared/sim/scheduler/framework.ts";
import { interPodAffinityFilter } from "../../../shared/sim/scheduler/interpodaffinity/filtering.ts";
import { interPodAffinityScore } from "../../../shared/sim/scheduler/interpodaffinity/scoring.ts";
import type { NodeInfo } from "../../../shared/sim/scheduler/nodeinfo.ts";
import { explain } from "../../../shared/sim/scheduler/scheduleone.ts";
import { makeNode, makePod, makeSnapshot } from "./fixtures.ts";

const ZONE = "topology.kubernetes.io/zone";
const HOST = "kubernetes.io/hostname";

/** Four nodes in two zones; node-e has no zone label. */
const nodes = () => [
  makeNode("node-a", { labels: { [ZONE]: "z1" } }),
  makeNode("node-b", { labels: { [ZONE]: "z1" } }),
  makeNode("node-c", { labels: { [ZONE]: "z2" } }),
  makeNode("node-d", { labels: { [ZONE]: "z2" } }),
  makeNode("node-e"),
];

const term = (app: string, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: { matchLabels: { app } },
  topologyKey,
  ...extra,
});

const running = (
  name: string,
  node: string,
  labels: Record<string, string>,
  affinity?: Affinity,
  namespace?: string,
) =>
  makePod(name, {
    nodeName: node,
    labels,
    ...(affinity ? { affinity } : {}),
    ...(namespace ? { namespace } : {}),
  });

function filterAll(pod: Pod, existing: Pod[], namespaces: Record<string, Namespace> = {}) {
  const snapshot = makeSnapshot(nodes(), existing, { namespaces });
  const state = newCycleState(pod, snapshot);
  return Object.fromEntries(
    snapshot.nodeInfos.map((info: NodeInfo) => {
      const code = interPodAffinityFilter.filter(state, info);
      const reasons = code === 0 ? [] : interPodAffinityFilter.reasons(state, info);
      return [info.node.metadata.name, reasons.length ? `${STATUS_NAMES[code]}: ${reasons[0]}` : "Success"];
    }),
  );
}

const AFFINITY = "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules";
const ANTI = "Unschedulable: node(s) didn't match pod anti-affinity rules";
const EXISTING = "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules";

function ns(name: string, labels: Record<string, string>): Namespace {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, uid: name, labels, annotations: {}, creationTimestamp: 0, resourceVersion: 1 },
    status: { phase: "Active" },
  };
}

describe("InterPodAffinity filter", () => {
  it.each<{
    name: string;
    pod: Pod;
    existing: Pod[];
    expected: Record<string, string>;
    namespaces?: Record<string, Namespace>;
  }>([
    {
      name: "no terms and no existing anti-affinity: every node passes (Skip)",
      pod: makePod("p", { labels: { app: "web" } }),
      existing: [running("db", "node-a", { app: "db" })],
      expected: {
        "node-a": "Success",
        "node-b": "Success",
        "node-c": "Success",
        "node-d": "Success",
        "node-e": "Success",
      },
    },
    {
      name: "required affinity to app=db by zone: only z1, where db runs",
      pod: makePod("p", {
        affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("db", ZONE)] } },
      }),
      existing: [running("db", "node-a", { app: "db" })],
      expected: {
        "node-a": "Success",
        "node-b": "Success",
        "node-c": AFFINITY,
        "node-d": AFFINITY,
        "node-e": AFFINITY,
      },
    },
    {
      name: "required affinity nobody matches, pod not matching itself: nowhere",
      pod: makePod("p", {
        labels: { app: "web" },
        affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("db", ZONE)] } },
      }),
      existing: [],
      expected: {
        "node-a": AFFINITY,
        "node-b": AFFINITY,
        "node-c": AFFINITY,
        "node-d": AFFINITY,
        "node-e": AFFINITY,
      },
    },
    {
      name: "the first pod of a series with affinity to itself goes to any node with the key",
      pod: makePod("p", {
        labels: { app: "cache" },
        affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("cache", ZONE)] } },
      }),
      existing: [],
      expected: {
        "node-a": "Success",
        "node-b": "Success",
        "node-c": "Success",
        "node-d": "Success",
        "node-e": AFFINITY,
      },
    },
    {
      name: "required affinity looks in the pod's own namespace only",
      pod: makePod("p", {
        affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("db", ZONE)] } },
      }),
      existing: [running("db", "node-a", { app: "db" }, undefined, "other")],
      expected: {
        "node-a": AFFINITY,
        "node-b": AFFINITY,
        "node-c": AFFINITY,
        "node-d": AFFINITY,
        "node-e": AFFINITY,
      },
    },
    {
      name: "namespaceSelector {} looks in every namespace",
      pod: makePod("p", {
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [term("db", ZONE, { namespaceSelector: {} })],
          },
        },
      }),
      existing: [running("db", "node-c", { app: "db" }, undefined, "other")],
      expected: {
        "node-a": AFFINITY,
        "node-b": AFFINITY,
        "node-c": "Success",
        "node-d": "Success",
        "node-e": AFFINITY,
      },
    },
    {
      name: "namespaceSelector by label finds the labelled namespace",
      pod: makePod("p", {
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              term("db", ZONE, { namespaceSelector: { matchLabels: { team: "data" } } }),
            ],
          },
        },
      }),
      existing: [
        running("db", "node-c", { app: "db" }, undefined, "data"),
        running("db2", "node-a", { app: "db" }, undefined, "ops"),
      ],
      namespaces: { data: ns("data", { team: "data" }), ops: ns("ops", { team: "ops" }) },
      expected: {
        "node-a": AFFINITY,
        "node-b": AFFINITY,
        "node-c": "Success",
        "node-d": "Success",
        "node-e": AFFINITY,
      },
    },
    {
      name: "required anti-affinity by hostname: not beside another web",
      pod: makePod("p", {
        labels: { app: "web" },
        affinity: {
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", HOST)] },
        },
      }),
      existing: [running("web-1", "node-a", { app: "web" }), running("web-2", "node-c", { app: "web" })],
      expected: {
        "node-a": ANTI,
        "node-b": "Success",
        "node-c": ANTI,
        "node-d": "Success",
        "node-e": "Success",
      },
    },
    {
      name: "required anti-affinity by zone: a whole zone is out; a node without the key is fine",
      pod: makePod("p", {
        affinity: {
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", ZONE)] },
        },
      }),
      existing: [running("web-1", "node-a", { app: "web" })],
      expected: {
        "node-a": ANTI,
        "node-b": ANTI,
        "node-c": "Success",
        "node-d": "Success",
        "node-e": "Success",
      },
    },
    {
      name: "an existing pod's anti-affinity keeps the incoming pod out of its zone (symmetry)",
      pod: makePod("p", { labels: { app: "web" } }),
      existing: [
        running(
          "loner",
          "node-c",
          { app: "batch" },
          { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", ZONE)] } },
        ),
      ],
      expected: {
        "node-a": "Success",
        "node-b": "Success",
        "node-c": EXISTING,
        "node-d": EXISTING,
        "node-e": "Success",
      },
    },
    {
      name: "affinity is checked first: a node failing both says affinity",
      pod: makePod("p", {
        affinity: {
          podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("db", ZONE)] },
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", HOST)] },
        },
      }),
      existing: [running("db", "node-a", { app: "db" }), running("web", "node-c", { app: "web" })],
      expected: {
        "node-a": "Success",
        "node-b": "Success",
        "node-c": AFFINITY,
        "node-d": AFFINITY,
        "node-e": AFFINITY,
      },
    },
    {
      name: "a term without labelSelector matches no pod",
      pod: makePod("p", {
        affinity: {
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: HOST }] },
        },
      }),
      existing: [running("web", "node-a", { app: "web" })],
      expected: {
        "node-a": "Success",
        "node-b": "Success",
        "node-c": "Success",
        "node-d": "Success",
        "node-e": "Success",
      },
    },
    {
      name: "matchLabelKeys adds the pod's own label value to the selector",
      pod: makePod("p", {
        labels: { app: "web", version: "v2" },
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              term("web", HOST, { matchLabelKeys: ["version"] }),
            ],
          },
        },
      }),
      existing: [
        running("old", "node-a", { app: "web", version: "v1" }),
        running("new", "node-b", { app: "web", version: "v2" }),
      ],
      expected: {
        "node-a": "Success",
        "node-b": ANTI,
        "node-c": "Success",
        "node-d": "Success",
        "node-e": "Success",
      },
    },
  ])("$name", ({ pod, existing, expected, namespaces }) => {
    expect(filterAll(pod, existing, namespaces)).toEqual(expected);
  });

  it("is part of explain() and the FailedScheduling message", () => {
    const snapshot = makeSnapshot(nodes(), [running("web-1", "node-a", { app: "web" })]);
    const pod = makePod("p", {
      labels: { app: "web" },
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", ZONE)] } },
      nodeSelector: { [ZONE]: "z1" },
    });
    const result = explain(pod, snapshot);
    expect(result.message).toBe(
      "0/5 nodes are available: 2 node(s) didn't match pod anti-affinity rules, 3 node(s) didn't match Pod's node affinity/selector.",
    );
    expect(result.nodes[1]?.filters.at(-1)).toEqual({
      plugin: "InterPodAffinity",
      code: "Unschedulable",
      reasons: ["node(s) didn't match pod anti-affinity rules"],
    });
  });
});

function scoreAll(pod: Pod, existing: Pod[]) {
  const snapshot = makeSnapshot(nodes(), existing);
  const state = newCycleState(pod, snapshot);
  const infos = snapshot.nodeInfos;
  if (!interPodAffinityScore.preScore?.(state, infos, infos.length)) return "Skip";
  const scores = new Float64Array(infos.map((info) => interPodAffinityScore.score(state, info)));
  const raw = Array.from(scores);
  interPodAffinityScore.normalize?.(scores, scores.length);
  return { raw, normalized: Array.from(scores) };
}

describe("InterPodAffinity score", () => {
  it.each<{ name: string; pod: Pod; existing: Pod[]; expected: unknown }>([
    {
      name: "nothing states affinity: Skip",
      pod: makePod("p", { labels: { app: "web" } }),
      existing: [running("db", "node-a", { app: "db" })],
      expected: "Skip",
    },
    {
      name: "preferred affinity (weight 10) to db by zone: z1 nodes best",
      pod: makePod("p", {
        affinity: {
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 10, podAffinityTerm: term("db", ZONE) },
            ],
          },
        },
      }),
      existing: [running("db", "node-a", { app: "db" })],
      expected: { raw: [10, 10, 0, 0, 0], normalized: [100, 100, 0, 0, 0] },
    },
    {
      name: "preferred anti-affinity by hostname: away from the two webs",
      pod: makePod("p", {
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 50, podAffinityTerm: term("web", HOST) },
            ],
          },
        },
      }),
      existing: [running("w1", "node-a", { app: "web" }), running("w2", "node-c", { app: "web" })],
      expected: { raw: [-50, 0, -50, 0, 0], normalized: [0, 100, 0, 100, 100] },
    },
    {
      name: "affinity and anti-affinity add up per domain",
      pod: makePod("p", {
        affinity: {
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 20, podAffinityTerm: term("db", ZONE) },
            ],
          },
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 5, podAffinityTerm: term("web", HOST) },
            ],
          },
        },
      }),
      existing: [running("db", "node-a", { app: "db" }), running("w1", "node-a", { app: "web" })],
      // node-a: 20 - 5 = 15, node-b: 20; normalised over [0, 20]
      expected: { raw: [15, 20, 0, 0, 0], normalized: [75, 100, 0, 0, 0] },
    },
    {
      name: "an existing pod's required affinity draws the pod it names (hardPodAffinityWeight 1)",
      pod: makePod("p", { labels: { app: "db" } }),
      existing: [
        running(
          "web",
          "node-c",
          { app: "web" },
          { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("db", ZONE)] } },
        ),
      ],
      expected: { raw: [0, 0, 1, 1, 0], normalized: [0, 0, 100, 100, 0] },
    },
    {
      name: "an existing pod's preferred anti-affinity pushes the pod away",
      pod: makePod("p", { labels: { app: "web" } }),
      existing: [
        running(
          "quiet",
          "node-b",
          { app: "quiet" },
          {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 30, podAffinityTerm: term("web", HOST) },
              ],
            },
          },
        ),
      ],
      expected: { raw: [0, -30, 0, 0, 0], normalized: [100, 0, 100, 100, 100] },
    },
  ])("$name", ({ pod, existing, expected }) => {
    expect(scoreAll(pod, existing)).toEqual(expected);
  });
});
