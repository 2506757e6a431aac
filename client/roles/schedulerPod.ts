import type { PodView } from "../../shared/protocol/state.ts";
import { parseImageReference } from "../../shared/sim/registry/imageref.ts";
import { requestText } from "../board/nodeText.ts";
import { h, tr } from "../dom/h.ts";
import { t } from "../i18n/i18n.ts";
import type { ClusterView } from "../state/view.ts";

/**
 * What kube-scheduler reads from a pending pod (its requests, nodeSelector, node affinity,
 * tolerations and images) and which Nodes already hold those images (node.status.images, what
 * ImageLocality scores), shown on the scheduler's pod card, all from the synced state.
 */
export interface PodSchedulingSpec {
  cpu: number;
  memory: number;
  images: string[];
  /** "key=value" */
  nodeSelector: string[];
  /** Node affinity terms: required ones ("key In (a, b), key2 Exists", any one must match), then "weight 50: …". */
  affinity: string[];
  /** As kubectl describe prints them, without the two every pod gets. */
  tolerations: string[];
  /** The two NoExecute tolerations the API server adds to every pod (not-ready, unreachable). */
  defaultTolerations: number;
}

export function normalizedImage(image: string): string {
  const parsed = parseImageReference(image);
  return parsed.ok ? parsed.ref.normalized : image;
}

export function specOf(pod: PodView): PodSchedulingSpec {
  const nodeSelector: string[] = [];
  pod.nodeSelector.forEach((v, k) => {
    nodeSelector.push(`${k}=${v}`);
  });
  const tolerations = [...pod.tolerations];
  return {
    cpu: pod.cpu,
    memory: pod.memory,
    images: containerImages(pod),
    nodeSelector,
    affinity: [...pod.nodeAffinity],
    tolerations,
    defaultTolerations: pod.defaultTolerations ?? 0,
  };
}

export function containerImages(pod: PodView): string[] {
  const images: string[] = [];
  pod.containers.forEach((c) => {
    if (c.image && !images.includes(c.image)) images.push(c.image);
  });
  return images;
}

/** Nodes whose runtime holds each image (node.status.images). */
export function nodesWithImages(images: string[], view: ClusterView): Map<string, string[]> {
  const wanted = new Map(images.map((i) => [normalizedImage(i), i]));
  const holders = new Map<string, string[]>(images.map((i) => [i, []]));
  view.nodes.forEach((node) => {
    node.images.forEach((name) => {
      const image = wanted.get(normalizedImage(name));
      const list = image ? holders.get(image) : undefined;
      if (list && !list.includes(node.name)) list.push(node.name);
    });
  });
  for (const list of holders.values()) list.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  return holders;
}

/** The pod card: everything kube-scheduler weighs, in the words of the pod's spec. */
export function podCard(pod: PodView, spec: PodSchedulingSpec, holders: Map<string, string[]>): HTMLElement {
  const row = (key: Parameters<typeof tr>[0], ...values: (string | HTMLElement)[]) =>
    h("div", { class: "pod-field" }, h("dt", null, tr(key)), h("dd", null, ...values));
  const list = (items: string[], none: Parameters<typeof tr>[0]) =>
    items.length
      ? h(
          "ul",
          { class: "pod-values" },
          ...items.map((x) => h("li", null, h("code", { translate: "no" }, x))),
        )
      : h("span", { class: "muted" }, tr(none));
  const images = spec.images;
  const fields = [
    row("guide.requests", h("code", { translate: "no" }, requestText(pod.cpu, pod.memory))),
    row(
      "guide.images",
      h(
        "ul",
        { class: "pod-values" },
        ...images.map((image) => {
          const on = holders.get(image);
          return h(
            "li",
            null,
            h("code", { translate: "no" }, image),
            " ",
            h(
              "span",
              { class: on?.length ? "ok-text" : "muted", "data-image-nodes": on?.join(",") ?? "" },
              on?.length ? t("guide.imageOn", { nodes: on.join(", ") }) : t("guide.imageNowhere"),
            ),
          );
        }),
      ),
    ),
  ];
  fields.push(
    row("guide.nodeSelector", list(spec.nodeSelector, "guide.none")),
    row("guide.affinity", list(spec.affinity, "guide.none")),
    row(
      "guide.tolerations",
      list(spec.tolerations, "guide.none"),
      spec.defaultTolerations
        ? h("p", { class: "muted small-text" }, t("guide.defaultTolerations", { n: spec.defaultTolerations }))
        : "",
    ),
  );
  return h("dl", { class: "pod-card", id: "pod-card", "data-pod": pod.key }, ...fields);
}
