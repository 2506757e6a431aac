import { describe, expect, it } from "vitest";
import { format } from "../../client/i18n/i18n.ts";
import { en, type MessageKey } from "../../shared/i18n/en.ts";
import { ja } from "../../shared/i18n/ja.ts";
import type { Language } from "../../shared/i18n/languages.ts";
import { zhTW } from "../../shared/i18n/zh-TW.ts";
import type { WinCondition } from "../../shared/scenario/document.ts";
import {
  describeGoal,
  evaluateWinCondition,
  type GoalResult,
  type WinConditionCode,
} from "../../shared/scenario/goals.ts";
import { loadScenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import type { ClusterState } from "../../shared/sim/model/state.ts";

/**
 * Win conditions as codes with parameters: each case puts the cluster in one situation and reads the
 * condition's description and detail, in English and as the codes the client translates.
 */
const SCENARIO = `apiVersion: kubeclass.dev/v1
kind: Scenario
metadata: { name: goals }
spec:
  traffic: [{ service: web, rps: 20 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: nginx, image: "nginx:1.27" }] }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Pod
metadata: { name: solo }
spec: { containers: [{ name: nginx, image: "nginx:1.27" }] }
---
apiVersion: v1
kind: Pod
metadata: { name: huge }
spec: { containers: [{ name: nginx, image: "nginx:1.27", resources: { requests: { cpu: "64" } } }] }
`;

function settledCluster(): ClusterState {
  const loaded = loadScenario([{ file: "goals.yaml", text: SCENARIO }]);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join("\n"));
  const engine = createEngine(loaded.scenario);
  engine.runFor(120_000);
  return engine.state;
}

const SETTLED = settledCluster();

type Change = (state: ClusterState) => void;
const pod = (s: ClusterState, name: string) => {
  const p = s.pods[`default/${name}`];
  if (!p) throw new Error(`no pod ${name}`);
  return p;
};
const web = (s: ClusterState) => {
  const d = s.deployments["default/web"];
  if (!d) throw new Error("no deployment web");
  return d;
};
const notReady: Change = (s) => {
  for (const c of pod(s, "solo").status.conditions) if (c.type === "Ready") c.status = "False";
  for (const c of pod(s, "solo").status.containerStatuses) c.ready = false;
};

/** [situation, condition, change to the settled cluster, met, English description, English detail]. */
const CASES: [string, WinCondition, Change | undefined, boolean, string, string][] = [
  [
    "a Pod Running and Ready",
    { type: "PodRunning", name: "solo" },
    undefined,
    true,
    "Pod solo is Running and Ready",
    "solo is Running and Ready",
  ],
  [
    "a Pod that does not exist",
    { type: "PodRunning", name: "ghost" },
    undefined,
    false,
    "Pod ghost is Running and Ready",
    "Pod ghost does not exist",
  ],
  [
    "a Pod Running but not Ready",
    { type: "PodRunning", name: "solo" },
    notReady,
    false,
    "Pod solo is Running and Ready",
    "solo is Running but not Ready (0/1 containers ready)",
  ],
  [
    "a Pod being deleted",
    { type: "PodRunning", name: "solo" },
    (s) => {
      pod(s, "solo").metadata.deletionTimestamp = s.now;
    },
    false,
    "Pod solo is Running and Ready",
    "solo is being deleted (Terminating)",
  ],
  [
    "a Pod that ended",
    { type: "PodRunning", name: "solo" },
    (s) => {
      pod(s, "solo").status.phase = "Failed";
    },
    false,
    "Pod solo is Running and Ready",
    "solo has stopped (Failed): it no longer runs",
  ],
  [
    "a Pod in phase Unknown",
    { type: "PodRunning", name: "solo" },
    (s) => {
      pod(s, "solo").status.phase = "Unknown";
    },
    false,
    "Pod solo is Running and Ready",
    "solo is Unknown: its Node stopped reporting",
  ],
  [
    "a Pod no Node fits, with the scheduler's message",
    { type: "PodRunning", name: "huge" },
    undefined,
    false,
    "Pod huge is Running and Ready",
    "huge is Pending, no Node fits: 0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
  ],
  [
    "a Pod not scheduled yet",
    { type: "PodRunning", name: "solo" },
    (s) => {
      const p = pod(s, "solo");
      p.status.phase = "Pending";
      delete p.spec.nodeName;
    },
    false,
    "Pod solo is Running and Ready",
    "solo is Pending: not bound to a Node yet",
  ],
  [
    "a Pod whose container waits",
    { type: "PodRunning", name: "solo" },
    (s) => {
      const p = pod(s, "solo");
      p.status.phase = "Pending";
      p.spec.nodeName = "worker-2";
      for (const c of p.status.containerStatuses) c.state = { waiting: { reason: "ImagePullBackOff" } };
    },
    false,
    "Pod solo is Running and Ready",
    "solo is Pending on worker-2: container nginx is waiting (ImagePullBackOff)",
  ],
  [
    "enough labelled Pods",
    { type: "PodsRunning", selector: { app: "web" }, count: 2 },
    undefined,
    true,
    "2 Pods labelled app=web, Running and Ready",
    "2 Pods Running and Ready",
  ],
  [
    "no Pod with the labels",
    { type: "PodsRunning", selector: { app: "api", tier: "back" }, count: 1 },
    undefined,
    false,
    "1 Pod labelled app=api,tier=back, Running and Ready",
    "no Pod has the labels app=api,tier=back",
  ],
  [
    "too few labelled Pods",
    { type: "PodsRunning", selector: { app: "web" }, count: 5 },
    undefined,
    false,
    "5 Pods labelled app=web, Running and Ready",
    "only 2 of 5 Running and Ready (2 Pods have the labels)",
  ],
  [
    "a Deployment available",
    { type: "DeploymentAvailable", name: "web", replicas: 2 },
    undefined,
    true,
    "Deployment web has 2 available replicas",
    "2 replicas available",
  ],
  [
    "a Deployment short of replicas",
    { type: "DeploymentAvailable", name: "web", replicas: 6 },
    (s) => {
      web(s).status.availableReplicas = 4;
    },
    false,
    "Deployment web has 6 available replicas",
    "only 4 of 6 replicas available",
  ],
  [
    "a Deployment that does not exist, replicas unsaid",
    { type: "DeploymentAvailable", name: "api" },
    undefined,
    false,
    "Every replica of Deployment api is available",
    "Deployment api does not exist",
  ],
  [
    "a Deployment scaled to zero",
    { type: "DeploymentAvailable", name: "web" },
    (s) => {
      web(s).spec.replicas = 0;
    },
    false,
    "Deployment web has 0 available replicas",
    "Deployment web asks for 0 replicas",
  ],
  [
    "a Deployment in another namespace",
    { type: "DeploymentAvailable", name: "web", namespace: "shop", replicas: 1 },
    undefined,
    false,
    "Deployment shop/web has 1 available replica",
    "Deployment shop/web does not exist",
  ],
  [
    "a Deployment on its image",
    { type: "DeploymentImage", name: "web", image: "nginx:1.27" },
    undefined,
    true,
    "Deployment web runs nginx:1.27 on every replica",
    "2 replicas Ready on nginx:1.27",
  ],
  [
    "a Deployment on another image",
    { type: "DeploymentImage", name: "web", image: "nginx:1.28" },
    undefined,
    false,
    "Deployment web runs nginx:1.28 on every replica",
    "the Pod template runs nginx:1.27, not nginx:1.28",
  ],
  [
    "a Deployment rolling out",
    { type: "DeploymentImage", name: "web", image: "nginx:1.27" },
    (s) => {
      web(s).spec.replicas = 3;
    },
    false,
    "Deployment web runs nginx:1.27 on every replica",
    "only 2 of 3 replicas are Ready on nginx:1.27",
  ],
  [
    "a Deployment on its image but not available",
    { type: "DeploymentImage", name: "web", image: "nginx:1.27" },
    (s) => {
      web(s).status.availableReplicas = 1;
    },
    false,
    "Deployment web runs nginx:1.27 on every replica",
    "only 1 of 2 replicas available",
  ],
  [
    "no Pod Pending",
    { type: "NoPendingPods", namespace: "kube-system" },
    undefined,
    true,
    "No Pod is Pending in kube-system",
    "no Pod is Pending",
  ],
  [
    "a Pod Pending",
    { type: "NoPendingPods" },
    undefined,
    false,
    "No Pod is Pending in default",
    "1 Pod is still Pending: huge",
  ],
  [
    "Pods Pending, more than the line shows",
    { type: "NoPendingPods" },
    (s) => {
      for (const name of ["a", "b", "c", "d", "e", "f"]) {
        s.pods[`default/${name}`] = { ...pod(s, "huge"), metadata: { ...pod(s, "huge").metadata, name } };
      }
    },
    false,
    "No Pod is Pending in default",
    "7 Pods are still Pending: a, b, c, d, e, …",
  ],
  ["Nodes Ready", { type: "NodesReady", count: 3 }, undefined, true, "3 nodes are Ready", "3 nodes Ready"],
  [
    "a Node not Ready",
    { type: "NodesReady", count: 3 },
    (s) => {
      for (const c of s.nodes["worker-2"]?.status.conditions ?? [])
        if (c.type === "Ready") c.status = "Unknown";
    },
    false,
    "3 nodes are Ready",
    "only 2 of 3 nodes are Ready; not Ready: worker-2",
  ],
  [
    "too few Nodes",
    { type: "NodesReady", count: 5 },
    undefined,
    false,
    "5 nodes are Ready",
    "only 3 nodes, all Ready: the cluster needs 5",
  ],
  ["one Node", { type: "NodesReady", count: 1 }, undefined, true, "1 node is Ready", "3 nodes Ready"],
  [
    "a Service meeting its SLO",
    { type: "ServiceSLO", service: "web", successRate: 0.5, window: "1m" },
    (s) => {
      const traffic = s.traffic["default/web"];
      if (traffic)
        traffic.buckets = [{ at: s.now - 1000, requests: 1200, failures: 3, latencySum: 0, maxLatency: 0 }];
    },
    true,
    "Service web answers 50.00% of requests over 1m",
    "99.75% of 1,200 requests succeeded",
  ],
  [
    "a Service below its SLO",
    { type: "ServiceSLO", service: "web", successRate: 0.999 },
    (s) => {
      const traffic = s.traffic["default/web"];
      if (traffic)
        traffic.buckets = [{ at: s.now - 1000, requests: 1200, failures: 36, latencySum: 0, maxLatency: 0 }];
    },
    false,
    "Service web answers 99.90% of requests over 5m",
    "only 97.00% of 1,200 requests succeeded, below 99.90%",
  ],
  [
    "a Service without traffic",
    { type: "ServiceSLO", service: "api", successRate: 0.99, window: "2m" },
    undefined,
    false,
    "Service api answers 99.00% of requests over 2m",
    "no request has reached Service api yet",
  ],
  [
    "a cluster within budget",
    { type: "MaxCostPerHour", dollars: 0.6 },
    undefined,
    true,
    "The cluster costs at most $0.60 an hour",
    "the cluster costs $0.000 an hour",
  ],
  [
    "a cluster over budget",
    { type: "MaxCostPerHour", dollars: 0.5 },
    (s) => {
      for (const node of Object.values(s.nodes)) node.machine.pricePerHour = 0.192;
    },
    false,
    "The cluster costs at most $0.50 an hour",
    "the cluster costs $0.576 an hour, $0.076 over the budget",
  ],
];

function evaluate(condition: WinCondition, change?: Change): GoalResult {
  const state = structuredClone(SETTLED);
  change?.(state);
  return evaluateWinCondition(state, condition);
}

const RESULTS = CASES.map(
  ([situation, condition, change]) => [situation, evaluate(condition, change)] as const,
);
const CATALOGS: Record<Language, Record<MessageKey, string>> = { en, "zh-TW": zhTW, ja };
const CODES = (Object.keys(en) as MessageKey[]).filter(
  (k) => k.startsWith("winCondition.") || k.startsWith("winState."),
);
const paramsOf = (text: string) => [...text.matchAll(/\{(\w+)(?:, plural)?/g)].map((m) => m[1] as string);

describe("win conditions", () => {
  it.each(CASES)("%s", (_situation, condition, change, met, description, detail) => {
    const result = evaluate(condition, change);
    expect({ met: result.met, description: result.description, detail: result.detail }).toEqual({
      met,
      description,
      detail,
    });
  });

  it("every code has a text in English, 繁體中文 and 日本語, and the cases above produce them all", () => {
    const produced = new Set(
      RESULTS.flatMap(([, r]) => [r.descriptionMessage.code, r.detailMessage.code] as MessageKey[]),
    );
    expect([...produced].sort()).toEqual([...CODES].sort());
    for (const code of CODES) {
      for (const [language, catalog] of Object.entries(CATALOGS)) {
        expect(catalog[code], `${language} ${code}`).toBeTruthy();
      }
    }
  });

  it("every parameter a text uses, in every language, is given by goals.ts", () => {
    for (const [situation, r] of RESULTS) {
      for (const message of [r.descriptionMessage, r.detailMessage]) {
        for (const [language, catalog] of Object.entries(CATALOGS)) {
          for (const name of paramsOf(catalog[message.code])) {
            expect(message.params, `${situation}: ${language} ${message.code} uses {${name}}`).toHaveProperty(
              name,
            );
          }
        }
      }
    }
  });

  it("describeGoal renders the codes with t(): the English is the recorded English, other languages leave no placeholder", () => {
    for (const [situation, r] of RESULTS) {
      for (const language of ["en", "zh-TW", "ja"] as const) {
        const t = (key: MessageKey, params?: Record<string, string | number>) =>
          format(CATALOGS[language][key], params, language);
        const text = describeGoal(r, t);
        if (language === "en")
          expect(text, situation).toEqual({ description: r.description, detail: r.detail });
        expect(`${text.description} ${text.detail}`, `${situation} in ${language}`).not.toMatch(/\{\w+/);
      }
    }
  });

  it("describeGoal falls back to the recorded English for results stored before the codes", () => {
    const t = (key: MessageKey) => zhTW[key];
    expect(
      describeGoal({ description: "Pod web is Running and Ready", detail: "pod web: Running" }, t),
    ).toEqual({
      description: "Pod web is Running and Ready",
      detail: "pod web: Running",
    });
    const renamed = {
      description: "x",
      detail: "y",
      descriptionMessage: { code: "winCondition.gone" as WinConditionCode, params: {} },
      detailMessage: { code: "winState.podReady" as const, params: { name: "web" } },
    };
    expect(describeGoal(renamed, (key, params) => format(zhTW[key], params, "zh-TW"))).toEqual({
      description: "x",
      detail: "web 處於 Running 且 Ready",
    });
  });

  it("reads in Chinese and Japanese", () => {
    const [, notReadyResult] = RESULTS.find(([s]) => s === "a Pod Running but not Ready") ?? [];
    const [, short] = RESULTS.find(([s]) => s === "a Deployment short of replicas") ?? [];
    if (!notReadyResult || !short) throw new Error("missing cases");
    const render = (r: GoalResult, language: Language) =>
      describeGoal(r, (key, params) => format(CATALOGS[language][key], params, language));
    expect(render(notReadyResult, "zh-TW")).toEqual({
      description: "Pod solo 處於 Running 且 Ready",
      detail: "solo 處於 Running，但還不是 Ready（0/1 個容器 ready）",
    });
    expect(render(short, "ja")).toEqual({
      description: "Deployment web の利用可能なレプリカが 6 個",
      detail: "利用可能なレプリカは 6 個中 4 個だけです",
    });
  });
});
