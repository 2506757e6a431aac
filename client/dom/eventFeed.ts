import type { MessageKey } from "../../shared/i18n/en.ts";
import { EVENTS_PER_SECOND, type EventView } from "../../shared/protocol/state.ts";
import { ageText } from "../../shared/time/format.ts";
import { hasKey, onLanguageChange, t } from "../i18n/i18n.ts";
import { eventMessage, isGameEvent } from "../state/eventText.ts";
import type { ClusterView } from "../state/view.ts";
import { clear, h, k8s, label, reconcile, setText, tableHead, tr } from "./h.ts";

/**
 * The event feed, as `kubectl get events` prints it (LAST SEEN, TYPE, REASON, OBJECT, MESSAGE), newest
 * first, and under it a short explanation of the latest event whose reason is a concept worth knowing,
 * linked to the Kubernetes documentation. Warnings are announced to screen readers, at most one at a time.
 */
const CONCEPTS: Record<string, string> = {
  Scheduled: "https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/",
  FailedScheduling: "https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/",
  Pulling: "https://kubernetes.io/docs/concepts/containers/images/",
  Pulled: "https://kubernetes.io/docs/concepts/containers/images/",
  ErrImagePull: "https://kubernetes.io/docs/concepts/containers/images/#imagepullbackoff",
  ImagePullBackOff: "https://kubernetes.io/docs/concepts/containers/images/#imagepullbackoff",
  BackOff: "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts",
  CrashLoopBackOff: "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts",
  Created: "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/",
  Started: "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/",
  Killing: "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination",
  NodeNotReady: "https://kubernetes.io/docs/concepts/architecture/nodes/#node-status",
  NodeReady: "https://kubernetes.io/docs/concepts/architecture/nodes/#node-status",
  TaintManagerEviction:
    "https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-based-evictions",
  ScalingReplicaSet: "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/",
  SuccessfulCreate: "https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/",
  SuccessfulDelete: "https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/",
  OutOfcpu: "https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/",
  OutOfmemory: "https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/",
  LeaderElection: "https://kubernetes.io/docs/concepts/architecture/leases/#leader-election",
  QuorumLost: "https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/",
  ProgressDeadlineExceeded:
    "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#failed-deployment",
  Unhealthy:
    "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
  FailedMount: "https://kubernetes.io/docs/concepts/storage/volumes/",
  OOMKilling: "https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/",
  FailedToRetrieveImagePullSecret:
    "https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod",
  ProvisioningSucceeded: "https://kubernetes.io/docs/concepts/storage/dynamic-provisioning/",
  WaitForFirstConsumer: "https://kubernetes.io/docs/concepts/storage/storage-classes/#volume-binding-mode",
  FailedBinding: "https://kubernetes.io/docs/concepts/storage/persistent-volumes/#binding",
  EnsuredLoadBalancer: "https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer",
};

export function conceptUrl(reason: string): string | undefined {
  return CONCEPTS[reason];
}

export function reasonExplanation(reason: string): string | undefined {
  const key = `reason.${reason}`;
  return hasKey(key) ? t(key as MessageKey) : undefined;
}

export interface EventFeed {
  element: HTMLElement;
  update(view: ClusterView, now: number): void;
  destroy(): void;
}

export function createEventFeed(options: { id?: string; node?: () => string } = {}): EventFeed {
  const id = options.id ?? "events";
  const filter = h(
    "select",
    { id: `${id}-filter`, class: "small" },
    h("option", { value: "all" }),
    h("option", { value: "warning" }),
    options.node ? h("option", { value: "mine" }) : null,
  );
  const updateOptions = () => {
    const [all, warning, mine] = Array.from(filter.options);
    if (all) all.textContent = t("events.all");
    if (warning) warning.textContent = t("events.warnings");
    if (mine) mine.textContent = t("events.mine");
  };
  updateOptions();
  label(filter, "events.filter");
  const body = h("tbody");
  const table = h(
    "table",
    { class: "events", id: `${id}-table` },
    tableHead("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"),
    body,
  );
  // kubectl's columns, as `kubectl events` prints them (a series' count in LAST SEEN, Kind/name)
  table.tHead?.setAttribute("translate", "no");
  const explain = h("div", { class: "explain-box", id: `${id}-explain` });
  const announcer = h("p", { class: "sr-only", "aria-live": "polite" });
  const element = h(
    "section",
    { class: "event-feed", "aria-labelledby": `${id}-heading` },
    h("div", { class: "feed-head" }, h("h2", { id: `${id}-heading` }, tr("events.title")), filter),
    explain,
    h(
      "div",
      {
        class: "table-scroll events-scroll",
        tabindex: "0",
        role: "region",
        "aria-labelledby": `${id}-heading`,
      },
      table,
    ),
    // the view thins routine events at high churn (shared/view/window.ts): say so where the student reads
    h(
      "p",
      { class: "hint events-thinned" },
      tr("events.thinned", { count: EVENTS_PER_SECOND }),
      " ",
      k8s("kubectl get events", "code"),
    ),
    announcer,
  );
  let lastView: ClusterView | undefined;
  let lastNow = 0;
  let lastAnnounced = 0;
  let lastExplained = -1;
  let pinnedUntil = 0;
  filter.addEventListener("change", () => lastView && update(lastView, lastNow));
  const offLanguage = onLanguageChange(() => {
    updateOptions();
    lastExplained = -1;
    if (lastView) update(lastView, lastNow);
  });

  const showExplanation = (e: EventView) => {
    const text = reasonExplanation(e.reason);
    if (!text) return false;
    clear(explain);
    const url = conceptUrl(e.reason);
    explain.append(
      h("h3", null, tr("events.whatHappened"), " ", h("code", { translate: "no" }, e.reason)),
      h("p", null, text),
    );
    if (url) explain.append(h("a", { href: url, target: "_blank", rel: "noopener" }, tr("events.learnMore")));
    return true;
  };

  const update = (view: ClusterView, now: number) => {
    lastView = view;
    lastNow = now;
    const mode = filter.value;
    const node = options.node?.() ?? "";
    const events: EventView[] = [];
    view.events.forEach((e) => {
      if (mode === "warning" && e.type !== "Warning") return;
      if (mode === "mine" && node && e.host !== node && e.name !== node) return;
      events.push(e);
    });
    events.sort((a, b) => b.seq - a.seq);
    reconcile(
      body,
      events.slice(0, 100),
      (e) => String(e.seq),
      (e) => {
        const reason = h("button", { type: "button", class: "link reason" }, e.reason);
        reason.addEventListener("click", () => {
          pinnedUntil = performance.now() + 15_000;
          showExplanation(e);
        });
        // Kubernetes' words as Kubernetes prints them; the game's own events are told in the page's language
        const k8s = !isGameEvent(e);
        return h(
          "tr",
          { class: e.type === "Warning" ? "warning" : "" },
          h("td", { class: "age" }),
          h("td", { translate: "no" }, e.type),
          h("td", { translate: "no" }, reasonExplanation(e.reason) ? reason : e.reason),
          h("td", { translate: "no" }, `${e.kind}/${e.name}`),
          h("td", { class: "message", translate: k8s ? "no" : null }),
        );
      },
      (tr, e) => {
        setText(tr.firstElementChild as HTMLElement, lastSeen(e, now));
        setText(tr.lastElementChild as HTMLElement, eventMessage(e));
      },
    );
    const newest = events[0];
    if (newest && newest.seq > lastExplained && performance.now() > pinnedUntil) {
      const explainable = events.find((e) => reasonExplanation(e.reason));
      if (explainable && explainable.seq > lastExplained) {
        showExplanation(explainable);
        lastExplained = explainable.seq;
      }
    }
    const warning = events.find((e) => e.type === "Warning");
    if (warning && warning.seq > lastAnnounced) {
      if (lastAnnounced > 0) {
        announcer.textContent = `${warning.reason}: ${eventMessage(warning)}`;
        announcer.setAttribute("translate", isGameEvent(warning) ? "yes" : "no");
      }
      lastAnnounced = warning.seq;
    }
    if (!explain.firstChild) explain.append(tr("events.none", undefined, "p"));
  };
  return { element, update, destroy: offLanguage };
}

/** kubectl's LAST SEEN: the latest occurrence's age, and the series when it repeated ("2m (x6 over 6m38s)"). */
function lastSeen(e: EventView, now: number): string {
  const age = ageText(now - e.time);
  return e.count && e.count > 1 && e.firstTime !== undefined
    ? `${age} (x${e.count} over ${ageText(now - e.firstTime)})`
    : age;
}
