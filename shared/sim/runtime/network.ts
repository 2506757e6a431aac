import { stateHash } from "../hash.ts";
import type { RuntimeContainer } from "../model/machine.ts";
import type { Pod } from "../model/pod.ts";
import { allContainers } from "../model/podcontainers.ts";
import type { ClusterState } from "../model/state.ts";
import { findManifest } from "../registry/images.ts";
import type { HttpRequest, HttpResponse, Network } from "./exec.ts";

/**
 * The cluster's network as a container sees it: names resolved by the cluster DNS (the pod's
 * resolv.conf: search <ns>.svc.cluster.local svc.cluster.local cluster.local), Service ClusterIPs
 * forwarded to Ready endpoints by kube-proxy (none: the connection is refused), pods answering on the
 * ports their process listens on, and an Internet that is assumed to answer. No real I/O.
 *
 * Answers are remembered as they were observed ([ms since start, answer] per question), so re-running
 * a process from its start gives the same past; beyond the last observation the cluster is taken to
 * stay as it is. The kubelet looks again every second (runtime/processes.ts): when an answer changed,
 * the process is run again from its start, so a polling loop sees a Service soon after it appears.
 */
export const KUBERNETES_SERVICE_IP = "10.96.0.1";
export const KUBE_DNS_IP = "10.96.0.10";
const CLUSTER_DOMAIN = "cluster.local";
const PUBLIC_SUFFIXES =
  /\.(com|org|net|io|dev|app|cloud|co|us|uk|de|fr|jp|edu|gov|sh|ai|me|info|biz|tv|ly|gg|ch|eu|nl|se|no|fi|dk|es|it|pl|at|be|cz|pt|ie|ca|au|nz|br|mx|in|cn|kr|tw|hk|sg|ru|za|xyz|site|tech|page)$/;

export interface PodView {
  namespace: string;
  ip: string;
  /** False while the node's network is cut: nothing beyond the pod answers. */
  online: boolean;
}

/** Answers a question from the cluster as it is now. */
export function answer(state: ClusterState, view: PodView, question: string): string {
  const colon = question.indexOf(":");
  const kind = question.slice(0, colon);
  const rest = question.slice(colon + 1);
  if (kind === "dns") return resolve(state, view, rest);
  if (kind === "tcp") {
    const at = rest.lastIndexOf(":");
    return connect(state, view, rest.slice(0, at), Number(rest.slice(at + 1)));
  }
  return "";
}

/** "IP FQDN" for a name, "" when it does not resolve, "timeout" when the DNS cannot be reached. */
function resolve(state: ClusterState, view: PodView, name: string): string {
  const host = name.replace(/\.$/, "");
  if (host === "localhost") return "127.0.0.1 localhost";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return `${host} ${host}`;
  if (!view.online) return "timeout";
  const candidates = name.endsWith(".")
    ? [host]
    : host.split(".").length - 1 < 5
      ? [
          `${host}.${view.namespace}.svc.${CLUSTER_DOMAIN}`,
          `${host}.svc.${CLUSTER_DOMAIN}`,
          `${host}.${CLUSTER_DOMAIN}`,
          host,
        ]
      : [host];
  for (const fqdn of candidates) {
    const ip = clusterName(state, fqdn);
    if (ip) return `${ip} ${fqdn}`;
  }
  if (PUBLIC_SUFFIXES.test(host)) return `${publicAddress(host)} ${host}`;
  return "";
}

/** A Service's ClusterIP for "<svc>.<ns>.svc.cluster.local"; the API server and DNS always exist. */
function clusterName(state: ClusterState, fqdn: string): string | undefined {
  const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/.exec(fqdn);
  if (!m) return undefined;
  const [, svc, ns] = m;
  const service = state.services[`${ns}/${svc}`];
  if (service && service.spec.type !== "ExternalName" && service.spec.clusterIP !== "None")
    return service.spec.clusterIP;
  if (svc === "kubernetes" && ns === "default") return KUBERNETES_SERVICE_IP;
  if (svc === "kube-dns" && ns === "kube-system") return KUBE_DNS_IP;
  return undefined;
}

/** A stable documentation-range address for an Internet name (the simulation has no Internet). */
export function publicAddress(host: string): string {
  return `203.0.113.${(Number.parseInt(stateHash(host).slice(0, 2), 16) % 250) + 1}`;
}

/**
 * Where a TCP connection lands: "pod NS/NAME CONTAINER PORT", "apiserver", "dns", "internet",
 * "refused" (a Service without Ready endpoints is REJECTed by kube-proxy; a port nothing listens on)
 * or "timeout" (an unexposed ClusterIP port, an address nobody has, a cut network).
 */
function connect(state: ClusterState, view: PodView, ip: string, port: number): string {
  if (ip === "127.0.0.1" || ip === view.ip) return podPort(state, view.namespace, view.ip, port) ?? "refused";
  if (!view.online) return "timeout";
  if (ip === KUBERNETES_SERVICE_IP && port === 443) return "apiserver";
  if (ip === KUBE_DNS_IP && port === 53) return "dns";
  if (ip.startsWith("203.0.113.")) return "internet";
  const service = Object.values(state.services).find((s) => s.spec.clusterIP === ip);
  if (service) {
    const sp = service.spec.ports.find((p) => p.port === port);
    if (!sp) return "timeout";
    const key = `${service.metadata.namespace}/${service.metadata.name}`;
    const ready = (state.endpoints[key]?.subsets ?? []).flatMap((s) => s.addresses.map((a) => a.ip)).sort();
    if (ready.length === 0) return "refused";
    // kube-proxy picks a backend at random; a stable pick keeps runs repeatable.
    const backend = ready[
      Number.parseInt(stateHash(`${view.ip}>${ip}:${port}`).slice(0, 6), 16) % ready.length
    ] as string;
    const pod = Object.values(state.pods).find((p) => p.status.podIP === backend);
    const target =
      typeof sp.targetPort === "number" ? sp.targetPort : (namedPort(pod, sp.targetPort) ?? port);
    return podPort(state, service.metadata.namespace, backend, target) ?? "refused";
  }
  return podPort(state, view.namespace, ip, port) ?? "timeout";
}

function namedPort(pod: Pod | undefined, name: string): number | undefined {
  for (const c of pod ? allContainers(pod.spec) : []) {
    const p = c.ports?.find((x) => x.name === name);
    if (p) return p.containerPort;
  }
  return undefined;
}

/** The container of the pod at `ip` listening on `port`, or "refused"; undefined when no pod has the IP. */
function podPort(state: ClusterState, _namespace: string, ip: string, port: number): string | undefined {
  const pod = Object.values(state.pods).find((p) => p.status.podIP === ip && p.spec.nodeName);
  if (!pod) return undefined;
  const machine = state.machines[pod.spec.nodeName as string];
  for (const c of allContainers(pod.spec)) {
    const instance = machine?.containers[`${pod.metadata.uid}/${c.name}`];
    if (!instance || instance.startedAt === undefined || instance.finishedAt !== undefined) continue;
    if (listensOn(instance, c.ports?.map((p) => p.containerPort) ?? [], port))
      return `pod ${pod.metadata.namespace}/${pod.metadata.name} ${c.name} ${port}`;
  }
  return "refused";
}

/** A process that declares its ports listens there; one we do not know listens on its containerPorts. */
function listensOn(instance: RuntimeContainer, containerPorts: number[], port: number): boolean {
  if (instance.listens) return instance.listens.includes(port);
  return instance.serves !== undefined && containerPorts.includes(port);
}

const API_FORBIDDEN = [
  "{",
  '  "kind": "Status",',
  '  "apiVersion": "v1",',
  '  "metadata": {},',
  '  "status": "Failure",',
  '  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"/\\"",',
  '  "reason": "Forbidden",',
  '  "details": {},',
  '  "code": 403',
  "}",
  "",
];

/** What the server behind a connection answers to a GET, from the program its container runs. */
export function httpAnswer(
  state: ClusterState,
  view: PodView,
  target: string,
  request: HttpRequest,
): HttpResponse {
  if (target === "apiserver") return { status: 403, body: API_FORBIDDEN };
  if (target === "dns") return { status: 0, body: [] };
  if (target === "internet") {
    return {
      status: 200,
      body: [`<!doctype html><html><head><title>${request.host}</title></head><body></body></html>`, ""],
      assumed: `the simulation has no Internet: ${request.host} is assumed to answer 200 OK`,
    };
  }
  const [, podKey = "", container = ""] = target.split(" ");
  const pod = state.pods[podKey];
  const instance = pod?.spec.nodeName
    ? state.machines[pod.spec.nodeName]?.containers[`${pod.metadata.uid}/${container}`]
    : undefined;
  const manifest = instance ? findManifest(state, instance.ref) : undefined;
  const spec = instance?.serves ? manifest?.process.programs?.[instance.serves] : undefined;
  const fill = (line: string) =>
    line
      .replaceAll("{hostname}", pod?.metadata.name ?? "")
      .replaceAll("{podIP}", pod?.status.podIP ?? "")
      .replaceAll("{client}", view.ip)
      .replaceAll("{host}", request.host)
      .replaceAll("{agent}", request.agent);
  if (spec?.runs === "agnhost" && instance?.process?.argv.includes("liveness")) {
    return agnhostLiveness(state.now - (instance.startedAt ?? state.now), request.path);
  }
  if (spec?.runs === "http-echo") {
    const argv = instance?.process?.argv ?? [];
    const text = argv
      .map((a, i) => (a.startsWith("-text=") ? a.slice(6) : a === "-text" ? argv[i + 1] : undefined))
      .find((t) => t !== undefined);
    return { status: 200, body: [text ?? "", ""] };
  }
  if (spec?.http) return { status: spec.http.status, body: spec.http.body.map(fill) };
  const program = instance?.serves ?? "its process";
  return {
    status: 200,
    body: [],
    assumed: `what ${program} in ${podKey} answers is not modelled: assumed 200 OK with an empty body`,
  };
}

/**
 * agnhost liveness (test/images/agnhost/liveness): /healthz answers 200 "ok" for the server's first
 * 10 seconds, then 500 "error: <seconds since start>"; other paths are not found.
 */
function agnhostLiveness(sinceStartMs: number, path: string): HttpResponse {
  if (path.split("?")[0] !== "/healthz") return { status: 404, body: ["404 page not found", ""] };
  const seconds = sinceStartMs / 1000;
  if (seconds > 10) return { status: 500, body: [`error: ${seconds}`] };
  return { status: 200, body: ["ok"] };
}

/**
 * The Network a process asks: answers recorded per question as they change. `record` adds the answer
 * of the first question; observe() adds later changes. Reading logs replays without recording.
 */
export class ObservedNetwork implements Network {
  private readonly state: ClusterState;
  private readonly view: PodView;
  readonly observed: Record<string, [number, string][]>;
  private readonly record: boolean;
  /** Now, in ms since the process started: a first answer is observed now, whenever it is asked. */
  private readonly present: number;
  /** When the process last asked something (ms since start): after that, answers change nothing. */
  lastAsk = -1;

  constructor(
    state: ClusterState,
    view: PodView,
    observed: Record<string, [number, string][]>,
    record: boolean,
    present: number,
  ) {
    this.state = state;
    this.view = view;
    this.observed = observed;
    this.record = record;
    this.present = present;
  }

  ask(question: string, at: number): string {
    this.lastAsk = Math.max(this.lastAsk, at);
    const history = this.observed[question];
    if (!history || history.length === 0) {
      const now = answer(this.state, this.view, question);
      if (this.record) this.observed[question] = [[Math.min(at, this.present), now]];
      return now;
    }
    let current = (history[0] as [number, string])[1];
    for (const [since, value] of history) if (since <= at) current = value;
    return current;
  }

  respond(target: string, request: HttpRequest): HttpResponse {
    return httpAnswer(this.state, this.view, target, request);
  }
}

/** The kubelet looks again: records every answer that changed since; true when one did. */
export function observe(
  state: ClusterState,
  view: PodView,
  observed: Record<string, [number, string][]>,
  at: number,
): boolean {
  let changed = false;
  for (const [question, history] of Object.entries(observed)) {
    const now = answer(state, view, question);
    const last = history[history.length - 1];
    if (last && last[1] !== now) {
      history.push([at, now]);
      changed = true;
    }
  }
  return changed;
}
