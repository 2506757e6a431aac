/**
 * Kubernetes' most frequent event messages as codes with parameters: an event view carries `code` (1 + an
 * index of TEMPLATES) and the parameters the template does not already know, and the client words the
 * message (`eventMessageOf`) and names the reporting component (`eventComponentOf`). A message that fits
 * no template travels as written (code 0). Rendering a coded event gives back the engine's words exactly:
 * `codeOf` keeps a code only when that holds.
 *
 * Placeholders: {ns} and {name} are the involved object's, {host} the reporting node, {0}, {1} … the
 * parameters. New templates go at the end (a code is an index).
 */
interface Template {
  reason: string;
  component: string;
  text: string;
}

const TEMPLATES: readonly Template[] = [
  { reason: "Scheduled", component: "default-scheduler", text: "Successfully assigned {ns}/{name} to {0}" },
  { reason: "Pulling", component: "kubelet", text: 'Pulling image "{0}"' },
  { reason: "Pulled", component: "kubelet", text: 'Container image "{0}" already present on machine' },
  {
    reason: "Pulled",
    component: "kubelet",
    text: 'Successfully pulled image "{0}" in {1} ({2} including waiting). Image size: {3} bytes.',
  },
  { reason: "Created", component: "kubelet", text: "Created container {0}" },
  { reason: "Started", component: "kubelet", text: "Started container {0}" },
  { reason: "Killing", component: "kubelet", text: "Stopping container {0}" },
  { reason: "BackOff", component: "kubelet", text: 'Back-off pulling image "{0}"' },
  { reason: "Failed", component: "kubelet", text: "Error: {0}" },
  { reason: "SuccessfulCreate", component: "replicaset-controller", text: "Created pod: {name}-{0}" },
  { reason: "SuccessfulDelete", component: "replicaset-controller", text: "Deleted pod: {name}-{0}" },
  {
    reason: "ScalingReplicaSet",
    component: "deployment-controller",
    text: "Scaled up replica set {name}-{0} from {1} to {2}",
  },
  {
    reason: "ScalingReplicaSet",
    component: "deployment-controller",
    text: "Scaled down replica set {name}-{0} from {1} to {2}",
  },
  { reason: "NodeReady", component: "kubelet", text: "Node {name} status is now: NodeReady" },
  {
    reason: "SuccessfulCreate",
    component: "statefulset-controller",
    text: "create Pod {name}-{0} in StatefulSet {name} successful",
  },
  { reason: "SuccessfulCreate", component: "job-controller", text: "Created pod: {name}-{0}" },
  { reason: "SuccessfulCreate", component: "daemonset-controller", text: "Created pod: {name}-{0}" },
];

/** Separates the parameters of a coded event (no Kubernetes name or image contains it). */
const SEPARATOR = "\u001f";

/** A template's text cut at its placeholders: literal text at even indexes, placeholder names at odd. */
const PARTS = TEMPLATES.map((t) => t.text.split(/\{([^}]+)\}/));
const BY_REASON = new Map<string, number[]>();
TEMPLATES.forEach((t, i) => {
  BY_REASON.set(t.reason, [...(BY_REASON.get(t.reason) ?? []), i]);
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** What a coded event needs to be worded. */
export interface CodedEvent {
  reason: string;
  message: string;
  component: string;
  namespace: string;
  name: string;
  host: string;
  /** 0: `message` and `component` are as written; else 1 + the template's index. */
  code: number;
  params: string;
}

/** The code and parameters of an event's message, or code 0 when no template words it exactly. */
export function codeOf(e: Omit<CodedEvent, "code" | "params">): { code: number; params: string } {
  for (const i of BY_REASON.get(e.reason) ?? []) {
    if ((TEMPLATES[i] as Template).component !== e.component) continue;
    // the object's own names written in, the parameters left to find
    const order: number[] = [];
    const source = (PARTS[i] as string[])
      .map((part, j) => {
        if (j % 2 === 0) return escapeRegExp(part);
        if (part === "ns") return escapeRegExp(e.namespace);
        if (part === "name") return escapeRegExp(e.name);
        if (part === "host") return escapeRegExp(e.host);
        order.push(Number(part));
        return "(.*?)";
      })
      .join("");
    const match = new RegExp(`^${source}$`, "s").exec(e.message);
    if (!match) continue;
    const params: string[] = [];
    order.forEach((index, k) => {
      params[index] = match[k + 1] ?? "";
    });
    if (params.some((p) => p.includes(SEPARATOR))) continue;
    const coded = { ...e, code: i + 1, params: params.join(SEPARATOR) };
    if (eventMessageOf(coded) === e.message) return { code: i + 1, params: coded.params };
  }
  return { code: 0, params: "" };
}

/** An event's message in Kubernetes' words, from its code and parameters or as written. */
export function eventMessageOf(e: CodedEvent): string {
  const template = e.code > 0 ? TEMPLATES[e.code - 1] : undefined;
  if (!template) return e.message;
  const params = e.params.split(SEPARATOR);
  return template.text.replace(/\{([^}]+)\}/g, (_, p: string) =>
    p === "ns" ? e.namespace : p === "name" ? e.name : p === "host" ? e.host : (params[Number(p)] ?? ""),
  );
}

/** The component that reported an event ("kubelet", "default-scheduler" …). */
export function eventComponentOf(e: CodedEvent): string {
  const template = e.code > 0 ? TEMPLATES[e.code - 1] : undefined;
  return template ? template.component : e.component;
}
