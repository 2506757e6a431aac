import type { NodeView, PodView } from "../../shared/protocol/state.ts";
import { parseImageReference } from "../../shared/sim/registry/imageref.ts";
import { requestText } from "../board/nodeText.ts";
import { h, tr } from "../dom/h.ts";
import { t } from "../i18n/i18n.ts";
import type { ClusterView } from "../state/view.ts";

/**
 * What kube-scheduler reads from a pending pod (its requests, nodeSelector, node affinity,
 * tolerations and images) and which Nodes already hold those images (node.status.images, what
 * ImageLocality scores), shown on the scheduler's pod card.
 *
 * The synced PodView carries requests and container images but not the rest of the spec, so the
 * card reads the pod and the Nodes the way kube-scheduler does: from the API server (a `kubectl get
 * -o json`, a read that changes nothing and is not recorded). When the synced state carries these
 * fields (`nodeSelector`, `nodeAffinity`, `tolerations` on PodView, `images` on NodeView), they are
 * used instead and nothing is asked.
 */
export interface PodSchedulingSpec {
  cpu: number;
  memory: number;
  images: string[];
  /** "key=value" */
  nodeSelector: string[];
  /** Required terms, each "key In (a, b), key2 Exists" (terms are ORed). */
  required: string[];
  /** "weight 50: key In (a)" */
  preferred: string[];
  /** "key=value:Effect", "key:Exists", ":Exists" (everything), with "for 300s" when bounded. */
  tolerations: string[];
  /** The two NoExecute tolerations the API server adds to every pod (not-ready, unreachable). */
  defaultTolerations: number;
}

/** Fields the synced state may carry one day (see the report in the game branch). */
interface SyncedSpecFields {
  nodeSelector?: { forEach(cb: (v: string, k: string) => void): void };
  nodeAffinity?: { forEach(cb: (v: string) => void): void };
  tolerations?: { forEach(cb: (v: string) => void): void };
}

type Json = Record<string, unknown>;

const DEFAULT_TOLERATIONS = new Set(["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]);

export function normalizedImage(image: string): string {
  const parsed = parseImageReference(image);
  return parsed.ok ? parsed.ref.normalized : image;
}

/** The spec from the synced fields, when the server sends them (tolerations as kubectl describe prints them). */
export function specFromView(pod: PodView): PodSchedulingSpec | undefined {
  const synced = pod as PodView & SyncedSpecFields;
  if (!synced.nodeSelector || !synced.tolerations) return undefined;
  const nodeSelector: string[] = [];
  synced.nodeSelector.forEach((v, k) => {
    nodeSelector.push(`${k}=${v}`);
  });
  const required: string[] = [];
  synced.nodeAffinity?.forEach((v) => {
    required.push(v);
  });
  const tolerations: string[] = [];
  synced.tolerations.forEach((v) => {
    tolerations.push(v);
  });
  return {
    cpu: pod.cpu,
    memory: pod.memory,
    images: containerImages(pod),
    nodeSelector,
    required,
    preferred: [],
    tolerations,
    defaultTolerations: 0,
  };
}

export function containerImages(pod: PodView): string[] {
  const images: string[] = [];
  pod.containers.forEach((c) => {
    if (c.image && !images.includes(c.image)) images.push(c.image);
  });
  return images;
}

/** The spec from the pod's JSON as the API server serves it. */
export function specFromJson(pod: PodView, json: Json): PodSchedulingSpec {
  const spec = (json.spec ?? {}) as Json;
  const nodeSelector = Object.entries((spec.nodeSelector ?? {}) as Record<string, string>).map(
    ([k, v]) => `${k}=${v}`,
  );
  const nodeAffinity = ((spec.affinity ?? {}) as Json).nodeAffinity as Json | undefined;
  const requiredTerms = ((nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution as Json | undefined)
    ?.nodeSelectorTerms ?? []) as Json[];
  const preferredTerms = (nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as Json[];
  const tolerations: string[] = [];
  let defaults = 0;
  for (const tol of (spec.tolerations ?? []) as Json[]) {
    const key = String(tol.key ?? "");
    if (DEFAULT_TOLERATIONS.has(key) && tol.operator === "Exists" && tol.effect === "NoExecute") {
      defaults++;
      continue;
    }
    tolerations.push(tolerationText(tol));
  }
  const images: string[] = [];
  for (const c of (spec.containers ?? []) as Json[]) {
    const image = String(c.image ?? "");
    if (image && !images.includes(image)) images.push(image);
  }
  return {
    cpu: pod.cpu,
    memory: pod.memory,
    images: images.length ? images : containerImages(pod),
    nodeSelector,
    required: requiredTerms.map(termText).filter(Boolean),
    preferred: preferredTerms.map(
      (p) => `weight ${String(p.weight ?? 0)}: ${termText((p.preference ?? {}) as Json)}`,
    ),
    tolerations,
    defaultTolerations: defaults,
  };
}

function termText(term: Json): string {
  const parts: string[] = [];
  for (const e of [...((term.matchExpressions ?? []) as Json[]), ...((term.matchFields ?? []) as Json[])]) {
    const values = (e.values ?? []) as string[];
    parts.push(`${String(e.key)} ${String(e.operator)}${values.length ? ` (${values.join(", ")})` : ""}`);
  }
  return parts.join(", ");
}

/** As `kubectl describe pod` prints a toleration: "dedicated=gpu:NoSchedule", "key:NoExecute op=Exists for 300s". */
function tolerationText(tol: Json): string {
  const key = String(tol.key ?? "");
  const effect = tol.effect ? `:${String(tol.effect)}` : "";
  const base =
    tol.operator === "Exists"
      ? `${key}${effect}${key || effect ? " " : ""}op=Exists`
      : `${key}=${String(tol.value ?? "")}${effect}`;
  return tol.tolerationSeconds !== undefined ? `${base} for ${String(tol.tolerationSeconds)}s` : base;
}

/** Nodes whose runtime holds each image: node.status.images from JSON, or the synced field. */
export function nodesWithImages(
  images: string[],
  view: ClusterView,
  nodesJson: Json[] | undefined,
): Map<string, string[]> {
  const wanted = new Map(images.map((i) => [normalizedImage(i), i]));
  const holders = new Map<string, string[]>(images.map((i) => [i, []]));
  const add = (node: string, name: string) => {
    const image = wanted.get(normalizedImage(name));
    const list = image ? holders.get(image) : undefined;
    if (list && !list.includes(node)) list.push(node);
  };
  view.nodes.forEach((node: NodeView & { images?: { forEach(cb: (v: string) => void): void } }) => {
    node.images?.forEach((name) => {
      add(node.name, name);
    });
    node.machine?.images.forEach((name) => {
      add(node.name, name);
    });
  });
  for (const n of nodesJson ?? []) {
    const name = String(((n.metadata ?? {}) as Json).name ?? "");
    for (const image of (((n.status ?? {}) as Json).images ?? []) as Json[]) {
      for (const ref of (image.names ?? []) as string[]) add(name, ref);
    }
  }
  for (const list of holders.values()) list.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  return holders;
}

/** The pod card: everything kube-scheduler weighs, in the words of the pod's spec. */
export function podCard(
  pod: PodView,
  spec: PodSchedulingSpec | undefined,
  holders: Map<string, string[]> | undefined,
): HTMLElement {
  const row = (key: Parameters<typeof tr>[0], ...values: (string | HTMLElement)[]) =>
    h("div", { class: "pod-field" }, h("dt", null, tr(key)), h("dd", null, ...values));
  const list = (items: string[], none: Parameters<typeof tr>[0]) =>
    items.length
      ? h("ul", { class: "pod-values" }, ...items.map((x) => h("li", null, h("code", null, x))))
      : h("span", { class: "muted" }, tr(none));
  const images = spec?.images ?? containerImages(pod);
  const fields = [
    row("guide.requests", h("code", null, requestText(pod.cpu, pod.memory))),
    row(
      "guide.images",
      h(
        "ul",
        { class: "pod-values" },
        ...images.map((image) => {
          const on = holders?.get(image);
          return h(
            "li",
            null,
            h("code", null, image),
            " ",
            h(
              "span",
              { class: on?.length ? "ok-text" : "muted", "data-image-nodes": on?.join(",") ?? "" },
              on === undefined
                ? t("guide.imageUnknown")
                : on.length
                  ? t("guide.imageOn", { nodes: on.join(", ") })
                  : t("guide.imageNowhere"),
            ),
          );
        }),
      ),
    ),
  ];
  if (spec) {
    fields.push(
      row("guide.nodeSelector", list(spec.nodeSelector, "guide.none")),
      row("guide.affinity", list([...spec.required, ...spec.preferred], "guide.none")),
      row(
        "guide.tolerations",
        list(spec.tolerations, "guide.none"),
        spec.defaultTolerations
          ? h(
              "p",
              { class: "muted small-text" },
              t("guide.defaultTolerations", { n: spec.defaultTolerations }),
            )
          : "",
      ),
    );
  } else fields.push(h("p", { class: "muted" }, tr("guide.readingSpec")));
  return h("dl", { class: "pod-card", id: "pod-card", "data-pod": pod.key }, ...fields);
}
