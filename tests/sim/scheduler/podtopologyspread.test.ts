import { describe, expect, it } from "vitest";
import type { Pod, TopologySpreadConstraint } from "../../../shared/sim/model/pod.ts";
import type { Service } from "../../../shared/sim/model/service.ts";
import type { ReplicaSet } from "../../../shared/sim/model/workload.ts";
import { newCycleState } from "../../../shared/sim/scheduler/cyclestate.ts";
import { STATUS_NAMES } from "../../../shared/sim/scheduler/framework.ts";
import { defaultSelector } from "../../../shared/sim/scheduler/podtopologyspread/common.ts";
import { topologySpreadFilter } from "../../../shared/sim/scheduler/podtopologyspread/filtering.ts";
import { topologySpreadScore } from "../../../shared/sim/scheduler/podtopologyspread/scoring.ts";
import type { SchedulerListers } from "../../../shared/sim/scheduler/snapshot.ts";
import { makeNode, makePod, makeSnapshot } from "./fixtures.ts";

const ZONE = "topology.kubernetes.io/zone";

const zoned = () => [
  makeNode("a1", { labels: { [ZONE]: "a" } }),
  makeNode("a2", { labels: { [ZONE]: "a" } }),
  makeNode("b1", { labels: { [ZONE]: "b" } }),
  makeNode("c1", { labels: { [ZONE]: "c" } }),
  makeNode("x1", { labels: { disk: "hdd" } }),
];

const web = (name: string, node: string, extra: Parameters<typeof makePod>[1] = {}) =>
  makePod(name, { nodeName: node, labels: { app: "web" }, ...extra });

const spread = (
  topologyKey: string,
  maxSkew: number,
  extra: Partial<TopologySpreadConstraint> = {},
): TopologySpreadConstraint => ({
  topologyKey,
  maxSkew,
  whenUnsatisfiable: "DoNotSchedule",
  labelSelector: { matchLabels: { app: "web" } },
  ...extra,
});

function filterAll(pod: Pod, existing: Pod[], nodes = zoned()) {
  const snapshot = makeSnapshot(nodes, existing);
  const state = newCycleState(pod, snapshot);
  return Object.fromEntries(
    snapshot.nodeInfos.map((info) => {
      const code = topologySpreadFilter.filter(state, info);
      const reasons = code === 0 ? [] : topologySpreadFilter.reasons(state, info);
      return [info.node.metadata.name, reasons.length ? `${STATUS_NAMES[code]}: ${reasons[0]}` : "Success"];
    }),
  );
}

const SKEW = "Unschedulable: node(s) didn't match pod topology spread constraints";
const LABEL =
  "UnschedulableAndUnresolvable: node(s) didn't match pod topology spread constraints (missing required label)";

describe("PodTopologySpread filter", () => {
  it.each<{ name: string; pod: Pod; existing: Pod[]; expected: Record<string, string> }>([
    {
      name: "no constraint: Skip",
      pod: makePod("p", { labels: { app: "web" } }),
      existing: [web("w1", "a1")],
      expected: { a1: "Success", a2: "Success", b1: "Success", c1: "Success", x1: "Success" },
    },
    {
      name: "zones 2/1/0 and maxSkew 1: only the empty zone; a node without the key is out",
      pod: makePod("p", { labels: { app: "web" }, topologySpreadConstraints: [spread(ZONE, 1)] }),
      existing: [web("w1", "a1"), web("w2", "a2"), web("w3", "b1")],
      expected: { a1: SKEW, a2: SKEW, b1: SKEW, c1: "Success", x1: LABEL },
    },
    {
      name: "maxSkew 2 lets zone b take one more",
      pod: makePod("p", { labels: { app: "web" }, topologySpreadConstraints: [spread(ZONE, 2)] }),
      existing: [web("w1", "a1"), web("w2", "a2"), web("w3", "b1")],
      expected: { a1: SKEW, a2: SKEW, b1: "Success", c1: "Success", x1: LABEL },
    },
    {
      name: "a pod its own selector does not match adds nothing to the skew",
      pod: makePod("p", { labels: { app: "batch" }, topologySpreadConstraints: [spread(ZONE, 1)] }),
      existing: [web("w1", "a1"), web("w2", "a2"), web("w3", "b1")],
      expected: { a1: SKEW, a2: SKEW, b1: "Success", c1: "Success", x1: LABEL },
    },
    {
      name: "terminating pods and pods of other namespaces do not count",
      pod: makePod("p", { labels: { app: "web" }, topologySpreadConstraints: [spread(ZONE, 1)] }),
      existing: [
        web("w1", "a1", { deletionTimestamp: 1 }),
        web("w2", "a2", { namespace: "other" }),
        web("w3", "b1"),
      ],
      expected: { a1: "Success", a2: "Success", b1: SKEW, c1: "Success", x1: LABEL },
    },
    {
      name: "nodeAffinityPolicy Honor: zones the nodeSelector rules out are not domains",
      pod: makePod("p", {
        labels: { app: "web" },
        nodeSelector: { [ZONE]: "a" },
        topologySpreadConstraints: [spread(ZONE, 1)],
      }),
      existing: [web("w1", "a1"), web("w3", "b1")],
      // only zone a counts: its minimum is its own count, so 1 + 1 - 1 = 1 <= 1
      expected: { a1: "Success", a2: "Success", b1: "Success", c1: "Success", x1: LABEL },
    },
    {
      name: "nodeAffinityPolicy Ignore: every zone counts, zone c (0) is the minimum",
      pod: makePod("p", {
        labels: { app: "web" },
        nodeSelector: { [ZONE]: "a" },
        topologySpreadConstraints: [spread(ZONE, 1, { nodeAffinityPolicy: "Ignore" })],
      }),
      existing: [web("w1", "a1"), web("w3", "b1")],
      expected: { a1: SKEW, a2: SKEW, b1: SKEW, c1: "Success", x1: LABEL },
    },
    {
      name: "minDomains 4 with three zones: the global minimum is 0",
      pod: makePod("p", {
        labels: { app: "web" },
        topologySpreadConstraints: [spread(ZONE, 1, { minDomains: 4 })],
      }),
      existing: [web("w1", "a1"), web("w3", "b1"), web("w4", "c1")],
      expected: { a1: SKEW, a2: SKEW, b1: SKEW, c1: SKEW, x1: LABEL },
    },
    {
      name: "hostname maxSkew 1: nodes with a web already are out while another has none",
      pod: makePod("p", {
        labels: { app: "web" },
        topologySpreadConstraints: [spread("kubernetes.io/hostname", 1)],
      }),
      existing: [web("w1", "a1"), web("w2", "b1")],
      expected: { a1: SKEW, a2: "Success", b1: SKEW, c1: "Success", x1: "Success" },
    },
    {
      name: "ScheduleAnyway constraints never filter",
      pod: makePod("p", {
        labels: { app: "web" },
        topologySpreadConstraints: [spread(ZONE, 1, { whenUnsatisfiable: "ScheduleAnyway" })],
      }),
      existing: [web("w1", "a1"), web("w2", "a2")],
      expected: { a1: "Success", a2: "Success", b1: "Success", c1: "Success", x1: "Success" },
    },
  ])("$name", ({ pod, existing, expected }) => {
    expect(filterAll(pod, existing)).toEqual(expected);
  });
});

function service(name: string, selector: Record<string, string>): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name,
      namespace: "default",
      uid: name,
      labels: {},
      annotations: {},
      creationTimestamp: 0,
      resourceVersion: 1,
    },
    spec: { type: "ClusterIP", selector, ports: [], clusterIP: "10.96.0.20", sessionAffinity: "None" },
  };
}

function replicaSet(name: string, matchLabels: Record<string, string>): ReplicaSet {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name,
      namespace: "default",
      uid: `uid-${name}`,
      labels: {},
      annotations: {},
      creationTimestamp: 0,
      resourceVersion: 1,
    },
    spec: {
      replicas: 1,
      selector: { matchLabels },
      template: { metadata: { labels: matchLabels, annotations: {} }, spec: makePod("t").spec },
      minReadySeconds: 0,
    },
    status: {
      replicas: 0,
      fullyLabeledReplicas: 0,
      readyReplicas: 0,
      availableReplicas: 0,
      observedGeneration: 1,
    },
  };
}

function scoreAll(pod: Pod, existing: Pod[], nodes = zoned(), listers: Partial<SchedulerListers> = {}) {
  const snapshot = makeSnapshot(nodes, existing, listers);
  const state = newCycleState(pod, snapshot);
  const infos = snapshot.nodeInfos;
  if (!topologySpreadScore.preScore?.(state, infos, infos.length)) return "Skip";
  const scores = new Float64Array(infos.map((info) => topologySpreadScore.score(state, info)));
  const raw = Array.from(scores);
  topologySpreadScore.normalize?.(scores, scores.length);
  return { raw, normalized: Array.from(scores) };
}

describe("PodTopologySpread score", () => {
  const hosts = () => [makeNode("n1"), makeNode("n2"), makeNode("n3")];

  it("a pod no Service, ReplicaSet or constraint selects: Skip", () => {
    expect(scoreAll(makePod("p", { labels: { app: "web" } }), [], hosts())).toBe("Skip");
  });

  it("the default constraints spread a Service's pods by hostname (no zones: no zone part)", () => {
    const existing = [web("w1", "n1"), web("w2", "n1"), web("w3", "n2")];
    const result = scoreAll(makePod("p", { labels: { app: "web" } }), existing, hosts(), {
      services: { "default/web": service("web", { app: "web" }) },
    });
    // hostname maxSkew 3, weight ln(3 + 2): n1 2×1.609+2 = 5, n2 1.609+2 = 4, n3 2
    expect(result).toEqual({ raw: [5, 4, 2], normalized: [40, 60, 100] });
  });

  it("the default constraints take the zone into account with the ReplicaSet's selector", () => {
    const rs = replicaSet("web-abc", { app: "web" });
    const owner = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      name: "web-abc",
      uid: "uid-web-abc",
      controller: true,
    };
    const existing = [web("w1", "a1"), web("w2", "a2"), web("w3", "b1")];
    const result = scoreAll(
      makePod("p", { labels: { app: "web" }, ownerReferences: [owner] }),
      existing,
      zoned(),
      {
        replicasets: { "default/web-abc": rs },
      },
    );
    // zones over the 5 feasible nodes: a, b, c and "" (x1): weight ln(6); hostname weight ln(7)
    // a1: 1×1.946+2 + 2×1.792+4 = 11.53 → 12; b1: 1.946+2 + 1.792+4 = 9.74 → 10; c1: 2 + 4 = 6
    // x1 has no zone label: hostname part only, 2
    expect(result).toEqual({ raw: [12, 12, 10, 6, 2], normalized: [16, 16, 33, 66, 100] });
  });

  it("the pod's own ScheduleAnyway constraint ignores nodes without its key", () => {
    const existing = [web("w1", "a1"), web("w2", "a2"), web("w3", "b1")];
    const pod = makePod("p", {
      labels: { app: "web" },
      topologySpreadConstraints: [spread(ZONE, 1, { whenUnsatisfiable: "ScheduleAnyway" })],
    });
    // zones a, b, c among the 4 nodes scored: weight ln(5) = 1.609; a 2 → 3, b 1 → 2, c 0 → 0
    expect(scoreAll(pod, existing)).toEqual({ raw: [3, 3, 2, 0, -1], normalized: [0, 0, 33, 100, 0] });
  });

  it("builds the default selector from every Service selecting the pod and its ReplicaSet", () => {
    const pod = makePod("p", {
      labels: { app: "web", tier: "front" },
      ownerReferences: [
        { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-abc", uid: "u", controller: true },
      ],
    });
    const selector = defaultSelector(pod, {
      namespaces: {},
      services: {
        "default/web": service("web", { app: "web" }),
        "default/front": service("front", { tier: "front" }),
        "default/other": service("other", { app: "db" }),
      },
      replicasets: { "default/web-abc": replicaSet("web-abc", { app: "web", "pod-template-hash": "abc" }) },
    });
    expect(selector.map((r) => `${r.key}${r.operator}${r.values.join(",")}`)).toEqual([
      "app=web",
      "tier=front",
      "app=web",
      "pod-template-hash=abc",
    ]);
  });
});
