import type {
  KubeletStepView,
  PodView,
  ProbeView,
  PullView,
  RuntimeContainerView,
} from "../../shared/protocol/state.ts";
import { LEASE_GRACE_MS, LEASE_RENEW_MS, leaseAge } from "../board/drawNode.ts";
import { clear, h, label, note, reconcile, setAttr, setText, tr } from "../dom/h.ts";
import { toast } from "../dom/shell.ts";
import { t } from "../i18n/i18n.ts";
import { bytesText } from "../state/clock.ts";
import { pullViewProgress } from "../state/pulls.ts";
import { nodeOfSeat, nodeStatus, podsOnNode } from "../state/view.ts";
import type { GameContext, Panel } from "./context.ts";

/**
 * The kubelet of one node: the pods bound to it and, per container, the next step (pull the image,
 * start the container, or wait: back-off, the sandbox ...), the image pulls layer by layer (layers
 * already on the node are skipped), the containers the runtime runs (crashes, exit codes), and the
 * node's heartbeat: the kubelet renews the Lease every 10 s by itself, unless the teacher made it the
 * player's job (manual heartbeats: renew at least every 40 s or the node goes NotReady).
 */
export function kubeletPanel(ctx: GameContext): Panel {
  const node = () => nodeOfSeat(ctx.seat());
  const leaseMeter = h("meter", {
    min: "0",
    max: String(LEASE_GRACE_MS / 1000),
    low: "10",
    high: "25",
    optimum: "0",
    id: "lease-meter",
  });
  const leaseText = h("p", { class: "lease-text", id: "lease-text" });
  const leaseAuto = h("p", { class: "lease-auto muted small-text", id: "lease-auto" });
  const heartbeat = h(
    "button",
    { type: "button", class: "primary", id: "heartbeat", translate: "no" },
    "♥ RenewLease",
  );
  label(heartbeat, "kubelet.heartbeatLabel");
  const nextStep = h("div", { class: "next-step", "aria-live": "polite", id: "next-step" });
  const podList = h("div", { class: "kubelet-pods", id: "kubelet-pods" });
  const pulls = h("div", { class: "pulls", id: "pulls" });
  const noPods = note("kubelet.noPods");
  const noPulls = note("kubelet.noPulls");
  const noContainers = note("kubelet.noContainers");
  const images = h("p", { class: "images muted" });
  // what the container runtime lists (crictl ps): Kubernetes' words
  const runtime = h("ul", { class: "runtime-containers", id: "runtime-containers", translate: "no" });
  const offline = h("p", { class: "notice-bad", hidden: true });
  const element = h(
    "section",
    { class: "panel role-kubelet", "aria-labelledby": "kubelet-heading" },
    h("h2", { id: "kubelet-heading" }),
    tr("kubelet.intro", undefined, "p"),
    offline,
    h("div", { class: "lease" }, h("label", { for: "lease-meter" }, "Lease"), leaseMeter, heartbeat),
    leaseText,
    leaseAuto,
    h("h3", null, tr("kubelet.next")),
    nextStep,
    h("h3", null, tr("kubelet.pods")),
    podList,
    noPods,
    h("h3", null, tr("kubelet.pulls")),
    pulls,
    noPulls,
    h("h3", null, tr("kubelet.runtime")),
    runtime,
    noContainers,
    images,
  );

  heartbeat.addEventListener("click", async () => {
    const reply = await ctx.command({ type: "RenewLease", node: node() });
    if (reply.ok) toast(() => t("kubelet.renewed"), "success", 2000);
  });

  const act = async (step: "pull" | "start", pod: PodView, container: string) => {
    const blocked = ctx.blocked();
    if (blocked) {
      toast(blocked, "warning");
      return;
    }
    const type = step === "pull" ? "PullImage" : "StartContainer";
    const reply = await ctx.command({
      type,
      node: node(),
      pod: pod.name,
      namespace: pod.namespace,
      container,
    });
    if (reply.ok)
      toast(
        () => t(step === "pull" ? "kubelet.pulling" : "kubelet.starting", { container, pod: pod.name }),
        "info",
        2500,
        `kubelet:${pod.namespace}/${pod.name}`,
      );
  };

  const probe = async (pod: string, namespace: string, container: string, type: string) => {
    const blocked = ctx.blocked();
    if (blocked) {
      toast(blocked, "warning");
      return;
    }
    const reply = await ctx.command({
      type: "RunProbe",
      node: node(),
      pod,
      namespace,
      container,
      probe: type as "liveness" | "readiness" | "startup",
    });
    if (reply.ok)
      toast(
        () => t("kubelet.probing", { type, container, pod }),
        "info",
        2500,
        `kubelet:${namespace}/${pod}`,
      );
  };

  const steps = () => {
    const map = new Map<string, KubeletStepView>();
    ctx
      .view()
      .nodes.get(node())
      ?.machine?.steps?.forEach((s, k) => {
        map.set(k, s);
      });
    return map;
  };

  const update = () => {
    const view = ctx.view();
    const name = node();
    const nodeView = view.nodes.get(name);
    setText(element.querySelector("h2") as HTMLElement, `kubelet · ${name}`);
    if (!nodeView) return;
    const now = ctx.clock.now();
    const age = leaseAge(nodeView, now);
    const manual = view.session.manualHeartbeats;
    heartbeat.hidden = !manual;
    setText(leaseAuto, t(manual ? "kubelet.leaseManual" : "kubelet.leaseAutomatic"));
    leaseMeter.value = Math.min(LEASE_GRACE_MS, age ?? LEASE_GRACE_MS) / 1000;
    setText(
      leaseText,
      age === undefined
        ? t("kubelet.noLease")
        : t(
            age > LEASE_GRACE_MS
              ? "kubelet.leaseExpired"
              : age > LEASE_RENEW_MS
                ? "kubelet.leaseLate"
                : "kubelet.leaseOk",
            {
              age: Math.floor(age / 1000),
              grace: LEASE_GRACE_MS / 1000,
              status: `${nodeStatus(nodeView)}${nodeView.ready === "Unknown" ? " (Ready=Unknown)" : ""}`,
            },
          ),
    );
    leaseText.className = `lease-text ${age !== undefined && age > LEASE_GRACE_MS ? "bad" : age !== undefined && age > LEASE_RENEW_MS ? "warn" : "ok"}`;
    const machine = nodeView.machine;
    offline.hidden = !machine || (machine.up && machine.networkUp);
    if (machine && !machine.up) setText(offline, t("kubelet.machineDown"));
    else if (machine && !machine.networkUp) setText(offline, t("kubelet.networkDown"));

    const stepMap = steps();
    const pods = podsOnNode(view, name);
    // next step: the first container with something to do
    clear(nextStep);
    const todo = [...stepMap.values()].find((s) => s.step === "pull" || s.step === "start");
    const waiting = [...stepMap.values()].find((s) => s.step === "wait");
    // a probe that has come due (its period came round): the student's to run
    let due: { step: KubeletStepView; probe: ProbeView } | undefined;
    for (const s of stepMap.values()) {
      s.probes?.forEach((p) => {
        if (!due && p.nextAt > 0 && p.nextAt <= now) due = { step: s, probe: p };
      });
    }
    if (!todo && due) {
      const { step: s, probe: p } = due;
      const [ns = "default", podName = s.pod] = s.pod.split("/");
      const b = h("button", { type: "button", class: "primary", id: "do-next", translate: "no" }, "RunProbe");
      b.addEventListener("click", () => void probe(podName, ns, s.container, p.type));
      nextStep.append(
        h("p", null, t("kubelet.suggestProbe", { type: p.type, container: s.container, pod: s.pod })),
        b,
      );
    } else if (todo) {
      const pod = pods.find((p) => `${p.namespace}/${p.name}` === todo.pod || p.name === todo.pod);
      const b = h(
        "button",
        { type: "button", class: "primary", id: "do-next", translate: "no" },
        todo.step === "pull" ? "PullImage" : "StartContainer",
      );
      if (pod)
        b.addEventListener("click", () => void act(todo.step as "pull" | "start", pod, todo.container));
      nextStep.append(
        h(
          "p",
          null,
          t(
            todo.step === "pull"
              ? "kubelet.suggestPull"
              : todo.init
                ? "kubelet.suggestInit"
                : "kubelet.suggestStart",
            {
              container: todo.container,
              pod: todo.pod,
            },
          ),
        ),
        b,
      );
    } else if (waiting) {
      const left = waiting.until > 0 ? Math.max(0, Math.ceil((waiting.until - now) / 1000)) : 0;
      nextStep.append(
        // the kubelet's own reason and message (a back-off, the sandbox ...)
        h(
          "p",
          { class: "warn", translate: "no" },
          h("strong", null, waiting.reason),
          ` — ${waiting.message}`,
        ),
        left > 0 ? h("p", { class: "hint" }, t("kubelet.waitUntil", { s: left })) : "",
      );
    } else nextStep.append(tr("kubelet.nothing", undefined, "p"));

    reconcile(
      podList,
      pods,
      (p) => p.key,
      () => h("article", { class: "kpod" }),
      (el, p) => renderPod(el, p, stepMap, act, probe, now),
    );
    noPods.hidden = pods.length > 0;

    const pullList: PullView[] = [];
    machine?.pulls.forEach((p) => {
      pullList.push(p);
    });
    pullList.sort((a, b) => a.id - b.id);
    reconcile(
      pulls,
      pullList,
      (p) => String(p.id),
      () => h("div", { class: "pull" }),
      (el, p) => renderPull(el, p, now),
    );
    noPulls.hidden = pullList.length > 0;
    const instances: RuntimeContainerView[] = [];
    machine?.containers.forEach((c) => {
      instances.push(c);
    });
    instances.sort((a, b) => a.pod.localeCompare(b.pod) || a.name.localeCompare(b.name));
    noContainers.hidden = instances.length > 0;
    reconcile(
      runtime,
      instances,
      (c) => c.id,
      () => h("li"),
      (li, c) => {
        const exited = c.state === "exited";
        setText(
          li,
          `${c.pod.replace(/^default\//, "")}/${c.name} · ${c.id.slice(0, 12)} · ${c.state}${exited ? ` · exit ${c.exitCode}${c.reason ? ` (${c.reason})` : ""}` : ""}`,
        );
        li.className = exited && c.exitCode !== 0 ? "bad" : exited ? "muted" : "ok";
      },
    );
    const imageRefs: string[] = [];
    machine?.images.forEach((i) => {
      imageRefs.push(i.replace(/^docker\.io\/library\//, ""));
    });
    setText(images, imageRefs.length ? t("kubelet.images", { list: imageRefs.join(", ") }) : "");
  };

  return { element, update };
}

interface ContainerRow {
  name: string;
  image: string;
  state: string;
  reason: string;
  message: string;
  lastState: string;
  restarts: number;
  ready: boolean;
  /** "init 1/2", "sidecar 1/2", or "" for an app container. */
  tag: string;
}

function renderPod(
  el: HTMLElement,
  pod: PodView,
  steps: Map<string, KubeletStepView>,
  act: (step: "pull" | "start", pod: PodView, container: string) => void,
  probe: (pod: string, namespace: string, container: string, type: string) => void,
  now: number,
): void {
  const header = `${pod.name} · ${pod.status} · ${pod.readyContainers}/${pod.totalContainers}${pod.restarts ? ` · ↻ ${pod.restarts}` : ""}`;
  let head = el.querySelector("h4");
  if (!head) {
    // the pod as kubectl lists it: name, STATUS, READY, RESTARTS
    head = h("h4", { translate: "no" });
    el.append(head, h("ul", { class: "containers" }));
  }
  setText(head, header);
  el.className = `kpod tone-${pod.status === "Running" && pod.readyContainers === pod.totalContainers ? "ok" : /BackOff|Err|Error|OutOf|OOMKilled|Init:/.test(pod.status) ? "bad" : "busy"}`;
  const list = el.querySelector("ul") as HTMLElement;
  // init containers first, in the order the kubelet runs them, then the app's
  const containers: ContainerRow[] = [];
  const inits = pod.initContainers?.length ?? 0;
  let n = 0;
  pod.initContainers?.forEach((c) => {
    n++;
    containers.push({
      ...c,
      tag: t(c.sidecar ? "kubelet.sidecarTag" : "kubelet.initTag", { n, total: inits }),
    });
  });
  pod.containers.forEach((c) => {
    containers.push({ ...c, tag: "" });
  });
  reconcile(
    list,
    containers,
    (c) => c.name,
    (c) => {
      // the container's state as the Pod's status has it (waiting/running/terminated, reason, restarts)
      const li = h(
        "li",
        null,
        // the init container's place in the order, then the container as the Pod's status has it
        h(
          "span",
          { class: "c-main" },
          h("span", { class: "c-tag" }),
          h("span", { class: "c-text", translate: "no" }),
        ),
        h("span", { class: "c-actions", translate: "no" }),
        h("p", { class: "c-last small-text" }),
        h("ul", { class: "c-probes small-text" }),
      );
      const pull = h("button", { type: "button", class: "small", "data-action": "pull" }, "PullImage");
      const start = h("button", { type: "button", class: "small", "data-action": "start" }, "StartContainer");
      pull.addEventListener("click", () => act("pull", pod, c.name));
      start.addEventListener("click", () => act("start", pod, c.name));
      li.querySelector(".c-actions")?.append(pull, start);
      return li;
    },
    (li, c) => {
      const step = steps.get(`${pod.namespace}/${pod.name}/${c.name}`);
      const state =
        c.state === "waiting"
          ? `waiting (${c.reason || "ContainerCreating"})`
          : c.state === "terminated"
            ? `terminated (${c.reason})`
            : c.ready
              ? "running, ready"
              : "running";
      // the kubelet's own words: the step's wait, else the state's message (a missing Secret, an exit code)
      const why =
        step?.step === "wait" ? ` · ${step.reason}: ${step.message}` : c.message ? ` · ${c.message}` : "";
      setText(li.querySelector(".c-tag") as HTMLElement, c.tag ? `${c.tag} · ` : "");
      setText(
        li.querySelector(".c-text") as HTMLElement,
        `${c.name} · ${c.image} · ${state}${c.restarts ? ` · restarts ${c.restarts}` : ""}${why}`,
      );
      const last = li.querySelector(".c-last") as HTMLElement;
      last.hidden = !c.lastState;
      if (c.lastState) {
        clear(last);
        last.append(
          t("kubelet.lastState", { state: "" }).replace(/\s*$/, " "),
          h("code", { translate: "no" }, c.lastState),
        );
      }
      renderProbes(li.querySelector(".c-probes") as HTMLElement, step, now, (type) =>
        probe(pod.name, pod.namespace, c.name, type),
      );
      const [pull, start] = Array.from(li.querySelectorAll<HTMLButtonElement>(".c-actions button"));
      if (pull && start) {
        // without the step view, leave both enabled and let the server say why not
        pull.disabled = step ? step.step !== "pull" : c.state === "running";
        start.disabled = step ? step.step !== "start" : c.state === "running";
        setAttr(pull, "aria-label", `PullImage ${c.image} (${pod.name}/${c.name})`);
        setAttr(start, "aria-label", `StartContainer ${pod.name}/${c.name}`);
      }
    },
  );
}

/** The prober's workers of a container: each probe's result, its run against the threshold, the next one. */
function renderProbes(
  ul: HTMLElement,
  step: KubeletStepView | undefined,
  now: number,
  run: (type: string) => void,
): void {
  const probes: ProbeView[] = [];
  step?.probes?.forEach((p) => {
    probes.push(p);
  });
  ul.hidden = probes.length === 0;
  setAttr(ul, "title", probes.length ? t("kubelet.probesAuto") : "");
  reconcile(
    ul,
    probes,
    (p) => p.type,
    (p) => {
      const button = h(
        "button",
        { type: "button", class: "small", "data-action": "probe", translate: "no" },
        "RunProbe",
      );
      button.addEventListener("click", () => run(p.type));
      return h(
        "li",
        null,
        h("span", { class: "p-text" }),
        " ",
        button,
        h("code", { class: "p-output", translate: "no" }),
      );
    },
    (li, p) => {
      const left = p.nextAt > 0 ? Math.max(0, Math.ceil((p.nextAt - now) / 1000)) : 0;
      const due = p.nextAt > 0 && p.nextAt <= now;
      const when =
        p.nextAt > 0 ? ` · ${due ? t("kubelet.probeDue") : t("kubelet.probeNext", { s: left })}` : "";
      const text = p.lastResult
        ? `${t("kubelet.probeResult", { type: p.type, result: p.lastResult, run: p.run, threshold: p.threshold })}${when}`
        : p.nextAt > 0
          ? `${p.type}${when}`
          : t("kubelet.probeWaiting", { type: p.type });
      const button = li.querySelector("button") as HTMLButtonElement;
      button.disabled = !due;
      setAttr(button, "aria-label", `RunProbe ${p.type}`);
      setText(li.querySelector(".p-text") as HTMLElement, text);
      setText(li.querySelector(".p-output") as HTMLElement, p.output ? ` ${p.output}` : "");
      li.className = p.result === "failure" ? "bad" : p.result === "success" ? "ok" : "muted";
    },
  );
}

function renderPull(el: HTMLElement, pull: PullView, now: number): void {
  const progress = pullViewProgress(pull, now);
  let title = el.querySelector("h4");
  if (!title) {
    title = h("h4", null, h("code", { translate: "no" }), " — ", h("span"));
    // the runtime's error, as the kubelet reports it
    el.append(title, h("ol", { class: "layers" }), h("p", { class: "pull-error", translate: "no" }));
  }
  const total = progress.reduce((s, l) => s + (l.cached ? 0 : l.size), 0);
  const done = progress.reduce((s, l) => s + (l.cached ? 0 : l.downloaded), 0);
  const queued = !pull.startedAt;
  const status = pull.error
    ? t("kubelet.pullFailed")
    : queued
      ? t("kubelet.pullQueued")
      : !pull.downloadStartAt || now < pull.downloadStartAt
        ? t("kubelet.pullManifest", { registry: pull.registry })
        : `${bytesText(done)} / ${bytesText(total)}`;
  setText(title.firstElementChild as HTMLElement, pull.image);
  setText(title.lastElementChild as HTMLElement, status);
  const ol = el.querySelector("ol") as HTMLElement;
  reconcile(
    ol,
    progress.map((p, i) => ({ ...p, i })),
    (p) => `${p.i}-${p.digest}`,
    () => h("li", null, h("span", { class: "layer-name" }), h("progress", { max: "1" })),
    (li, p) => {
      const bar = li.querySelector("progress") as HTMLProgressElement;
      const fraction = p.cached ? 1 : p.size ? p.downloaded / p.size : 1;
      bar.value = fraction;
      li.classList.toggle("cached", p.cached);
      setText(
        li.firstElementChild as HTMLElement,
        `${p.digest.replace(/^sha256:/, "").slice(0, 12)} · ${bytesText(p.size)} · ${p.cached ? t("kubelet.layerCached") : `${Math.floor(fraction * 100)}%`}`,
      );
      setAttr(bar, "aria-label", `${p.digest.slice(0, 19)} ${Math.floor(fraction * 100)}%`);
    },
  );
  setText(el.querySelector(".pull-error") as HTMLElement, pull.error);
}
