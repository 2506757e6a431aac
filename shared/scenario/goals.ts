import { en, type MessageKey } from "../i18n/en.ts";
import { formatTemplate, type Params } from "../i18n/format.ts";
import { parseDuration } from "../sim/duration.ts";
import type { Pod } from "../sim/model/pod.ts";
import type { ClusterState } from "../sim/model/state.ts";
import { serviceLevel } from "../sim/proxy/traffic.ts";
import type { WinCondition } from "./document.ts";

/**
 * A scenario's win conditions, judged against the cluster: each says what it wants, what it found and
 * whether that is enough. The debrief and the end-of-match screen show these lines.
 *
 * Each text exists twice: as a catalog code with parameters (`winCondition.*` for what is wanted,
 * `winState.*` for what the cluster shows, in shared/i18n), which the client translates with
 * `describeGoal`, and in English (`description`, `detail`), for the record and the server's logs.
 */
export type WinConditionCode = Extract<MessageKey, `winCondition.${string}`>;
export type WinStateCode = Extract<MessageKey, `winState.${string}`>;
export type GoalParams = Params;

export interface GoalMessage<Code extends MessageKey = MessageKey> {
  code: Code;
  params: GoalParams;
}

export interface GoalResult {
  condition: WinCondition;
  met: boolean;
  /** What the condition asks, in English. */
  description: string;
  /** What the cluster shows, in English; when unmet, what is missing. */
  detail: string;
  /** `description` as a code with parameters. */
  descriptionMessage: GoalMessage<WinConditionCode>;
  /** `detail` as a code with parameters. */
  detailMessage: GoalMessage<WinStateCode>;
}

/** A goal as records keep it: results stored before the codes existed have only the English. */
export type StoredGoalResult = Pick<GoalResult, "description" | "detail"> &
  Partial<Pick<GoalResult, "descriptionMessage" | "detailMessage">>;

/** The client's `t()`: a catalog code and its parameters to text in the current language. */
export type Translate = (key: MessageKey, params?: GoalParams) => string;

/**
 * A goal's two lines in the language of `t`: render it as `✓ description` when met, and
 * `✕ description — detail` when not (the detail then says what is missing). Falls back to the
 * recorded English for results without codes, or with a code this catalog no longer has.
 */
export function describeGoal(
  result: StoredGoalResult,
  t: Translate,
): { description: string; detail: string } {
  const text = (message: GoalMessage | undefined, english: string) =>
    message && Object.hasOwn(en, message.code) ? t(message.code, message.params) : english;
  return {
    description: text(result.descriptionMessage, result.description),
    detail: text(result.detailMessage, result.detail),
  };
}

/** The English catalog's text for a code: the same words as the client's `t()` in English. */
export function englishText(code: MessageKey, params: GoalParams): string {
  return formatTemplate(en[code], params, "en");
}

const ready = (conditions: { type: string; status: string }[]) =>
  conditions.some((c) => c.type === "Ready" && c.status === "True");

export function clusterCostPerHour(state: ClusterState): number {
  return Object.values(state.nodes).reduce((sum, n) => sum + n.machine.pricePerHour, 0);
}

/** Prices as the clouds write them, in US dollars. */
const dollars = (amount: number, digits: number) => `$${amount.toFixed(digits)}`;

/** At most this many names in a list ("web-1, web-2, web-3, …"). */
const NAMES_SHOWN = 5;
const nameList = (names: string[]) =>
  names.length > NAMES_SHOWN ? `${names.slice(0, NAMES_SHOWN).join(", ")}, …` : names.join(", ");

/** What stands between a Pod and Running and Ready, or that it is there. */
function podState(state: ClusterState, pod: Pod | undefined, name: string): GoalMessage<WinStateCode> {
  if (!pod) return { code: "winState.podMissing", params: { name } };
  if (pod.metadata.deletionTimestamp !== undefined)
    return { code: "winState.podTerminating", params: { name } };
  const phase = pod.status.phase;
  const statuses = pod.status.containerStatuses;
  const readyCount = statuses.filter((c) => c.ready).length;
  const total = pod.spec.containers.length;
  if (phase === "Running" && ready(pod.status.conditions))
    return { code: "winState.podReady", params: { name } };
  if (phase === "Running")
    return { code: "winState.podNotReady", params: { name, ready: readyCount, total } };
  if (phase === "Succeeded" || phase === "Failed")
    return { code: "winState.podEnded", params: { name, phase } };
  if (phase === "Unknown") return { code: "winState.podUnknown", params: { name } };
  const node = pod.spec.nodeName;
  if (node === undefined) {
    // The scheduler's own words (kept in English, as Kubernetes prints them) say why no Node fits.
    const failed = state.events.findLast(
      (e) =>
        e.reason === "FailedScheduling" &&
        e.involvedObject.kind === "Pod" &&
        e.involvedObject.name === pod.metadata.name &&
        (e.involvedObject.namespace ?? "default") === pod.metadata.namespace,
    );
    return failed
      ? { code: "winState.podUnschedulable", params: { name, message: failed.message } }
      : { code: "winState.podUnscheduled", params: { name } };
  }
  const waiting = statuses.find((c) => "waiting" in c.state);
  const reason = waiting && "waiting" in waiting.state ? waiting.state.waiting.reason : "ContainerCreating";
  const container = waiting?.name ?? pod.spec.containers[0]?.name ?? "";
  return { code: "winState.podWaiting", params: { name, node, container, reason } };
}

export function evaluateWinCondition(state: ClusterState, condition: WinCondition): GoalResult {
  const ns = "namespace" in condition ? (condition.namespace ?? "default") : "default";
  /** A name as kubectl would qualify it outside the default namespace. */
  const qualified = (name: string) => (ns === "default" ? name : `${ns}/${name}`);
  const result = (
    met: boolean,
    descriptionMessage: GoalMessage<WinConditionCode>,
    detailMessage: GoalMessage<WinStateCode>,
  ): GoalResult => ({
    condition,
    met,
    description: englishText(descriptionMessage.code, descriptionMessage.params),
    detail: englishText(detailMessage.code, detailMessage.params),
    descriptionMessage,
    detailMessage,
  });
  switch (condition.type) {
    case "PodRunning": {
      const name = qualified(condition.name);
      const detail = podState(state, state.pods[`${ns}/${condition.name}`], name);
      return result(
        detail.code === "winState.podReady",
        { code: "winCondition.podRunning", params: { name } },
        detail,
      );
    }
    case "PodsRunning": {
      const pods = Object.values(state.pods).filter(
        (p) =>
          p.metadata.namespace === ns &&
          p.metadata.deletionTimestamp === undefined &&
          Object.entries(condition.selector).every(([k, v]) => p.metadata.labels[k] === v),
      );
      const running = pods.filter((p) => p.status.phase === "Running" && ready(p.status.conditions)).length;
      const selector = Object.entries(condition.selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
      const met = running >= condition.count;
      return result(
        met,
        { code: "winCondition.podsRunning", params: { count: condition.count, selector } },
        met
          ? { code: "winState.podsReady", params: { ready: running } }
          : pods.length === 0
            ? { code: "winState.podsNoneMatch", params: { selector } }
            : {
                code: "winState.podsTooFew",
                params: { ready: running, count: condition.count, matching: pods.length },
              },
      );
    }
    case "DeploymentAvailable": {
      const name = qualified(condition.name);
      const d = state.deployments[`${ns}/${condition.name}`];
      const want = condition.replicas ?? d?.spec.replicas ?? 0;
      const have = d?.status.availableReplicas ?? 0;
      const met = d !== undefined && have >= want && want > 0;
      return result(
        met,
        condition.replicas === undefined && d === undefined
          ? { code: "winCondition.deploymentAvailableAll", params: { name } }
          : { code: "winCondition.deploymentAvailable", params: { name, replicas: want } },
        !d
          ? { code: "winState.deploymentMissing", params: { name } }
          : met
            ? { code: "winState.deploymentAvailable", params: { available: have } }
            : want === 0
              ? { code: "winState.deploymentNoReplicas", params: { name } }
              : { code: "winState.deploymentTooFew", params: { available: have, replicas: want } },
      );
    }
    case "DeploymentImage": {
      const name = qualified(condition.name);
      const image = condition.image;
      const d = state.deployments[`${ns}/${condition.name}`];
      const images = d?.spec.template.spec.containers.map((c) => c.image) ?? [];
      const pods = Object.values(state.pods).filter(
        (p) =>
          p.metadata.namespace === ns &&
          p.metadata.deletionTimestamp === undefined &&
          d !== undefined &&
          Object.entries(d.spec.selector.matchLabels ?? {}).every(([k, v]) => p.metadata.labels[k] === v),
      );
      const onImage = pods.filter(
        (p) => p.spec.containers.some((c) => c.image === image) && ready(p.status.conditions),
      ).length;
      const replicas = d?.spec.replicas ?? 0;
      const available = d?.status.availableReplicas ?? 0;
      const met = images.includes(image) && d !== undefined && onImage >= replicas && available >= replicas;
      return result(
        met,
        { code: "winCondition.deploymentImage", params: { name, image } },
        !d
          ? { code: "winState.deploymentMissing", params: { name } }
          : !images.includes(image)
            ? { code: "winState.deploymentOtherImage", params: { image, template: images.join(", ") } }
            : onImage < replicas
              ? { code: "winState.deploymentRollingOut", params: { ready: onImage, replicas, image } }
              : available < replicas
                ? { code: "winState.deploymentTooFew", params: { available, replicas } }
                : { code: "winState.deploymentOnImage", params: { ready: onImage, image } },
      );
    }
    case "NoPendingPods": {
      const pending = Object.values(state.pods)
        .filter((p) => p.metadata.namespace === ns && p.status.phase === "Pending")
        .map((p) => p.metadata.name)
        .sort();
      return result(
        pending.length === 0,
        { code: "winCondition.noPendingPods", params: { namespace: ns } },
        pending.length === 0
          ? { code: "winState.noPendingPods", params: {} }
          : { code: "winState.podsPending", params: { pending: pending.length, names: nameList(pending) } },
      );
    }
    case "NodesReady": {
      const nodes = Object.values(state.nodes);
      const count = nodes.filter((n) => ready(n.status.conditions)).length;
      const notReady = nodes
        .filter((n) => !ready(n.status.conditions))
        .map((n) => n.metadata.name)
        .sort();
      const met = count >= condition.count;
      return result(
        met,
        { code: "winCondition.nodesReady", params: { count: condition.count } },
        met
          ? { code: "winState.nodesReady", params: { ready: count } }
          : notReady.length > 0
            ? {
                code: "winState.nodesNotReady",
                params: { ready: count, count: condition.count, names: nameList(notReady) },
              }
            : { code: "winState.nodesTooFew", params: { ready: count, count: condition.count } },
      );
    }
    case "ServiceSLO": {
      const service = qualified(condition.service);
      const window = condition.window ?? "5m";
      const traffic = state.traffic[`${ns}/${condition.service}`];
      const windowMs = parseDuration(window) ?? 300_000;
      const level = traffic ? serviceLevel(traffic, state.now, windowMs / 1000) : undefined;
      const percent = (x: number) => (x * 100).toFixed(2);
      const target = percent(condition.successRate);
      const requests = level?.requests ?? 0;
      const rate = percent(level?.successRate ?? 0);
      const met = level !== undefined && requests > 0 && level.successRate >= condition.successRate;
      return result(
        met,
        { code: "winCondition.serviceSlo", params: { service, rate: target, window } },
        requests === 0
          ? { code: "winState.serviceNoTraffic", params: { service } }
          : met
            ? { code: "winState.serviceSlo", params: { rate, requests } }
            : { code: "winState.serviceBelowSlo", params: { rate, requests, target } },
      );
    }
    case "MaxCostPerHour": {
      const cost = clusterCostPerHour(state);
      const met = cost <= condition.dollars;
      return result(
        met,
        { code: "winCondition.maxCostPerHour", params: { dollars: dollars(condition.dollars, 2) } },
        met
          ? { code: "winState.costWithin", params: { cost: dollars(cost, 3) } }
          : {
              code: "winState.costOver",
              params: { cost: dollars(cost, 3), over: dollars(cost - condition.dollars, 3) },
            },
      );
    }
  }
}

export function evaluateWinConditions(state: ClusterState, conditions: WinCondition[]): GoalResult[] {
  return conditions.map((c) => evaluateWinCondition(state, c));
}
