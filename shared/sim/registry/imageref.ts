/**
 * Container image references as containerd and the kubelet read them:
 * `[host[:port]/]path[:tag][@digest]`; no host means Docker Hub, a single path component gets
 * "library/", no tag and no digest means ":latest" (distribution/reference normalisation).
 */
export interface ImageReference {
  /** Registry host, e.g. "docker.io". */
  domain: string;
  /** Repository path on that host, e.g. "library/nginx". */
  path: string;
  tag?: string;
  digest?: string;
  /** "docker.io/library/nginx" */
  repository: string;
  /** "docker.io/library/nginx:1.27" (":latest" applied), or with "@digest" when pinned by digest only. */
  normalized: string;
}

export type ImageReferenceResult = { ok: true; ref: ImageReference } | { ok: false; error: string };

export const DOCKER_HUB = "docker.io";
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const DOMAIN =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;
const INVALID = "invalid reference format";

export function parseImageReference(image: string): ImageReferenceResult {
  if (image === "" || image.trim() !== image) return { ok: false, error: INVALID };
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return { ok: false, error: INVALID };
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return { ok: false, error: INVALID };
  }
  let domain = DOCKER_HUB;
  let path = rest;
  const slash = rest.indexOf("/");
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (
      first.includes(".") ||
      first.includes(":") ||
      first === "localhost" ||
      first !== first.toLowerCase()
    ) {
      domain = first;
      path = rest.slice(slash + 1);
    }
  }
  if (domain === "index.docker.io") domain = DOCKER_HUB;
  if (domain === DOCKER_HUB && !path.includes("/")) path = `library/${path}`;
  if (!DOMAIN.test(domain)) return { ok: false, error: INVALID };
  if (path !== path.toLowerCase()) {
    return { ok: false, error: `${INVALID}: repository name (${path}) must be lowercase` };
  }
  if (path.length === 0 || !path.split("/").every((part) => PATH_COMPONENT.test(part))) {
    return { ok: false, error: INVALID };
  }
  const repository = `${domain}/${path}`;
  const normalized = tag || !digest ? `${repository}:${tag ?? "latest"}` : `${repository}@${digest}`;
  return { ok: true, ref: { domain, path, tag, digest, repository, normalized } };
}

/** The kubelet's default pull policy: ":latest" or no tag -> Always, otherwise IfNotPresent. */
export function defaultPullPolicy(image: string): "Always" | "IfNotPresent" {
  const parsed = parseImageReference(image);
  if (!parsed.ok) return "IfNotPresent";
  const { tag, digest } = parsed.ref;
  if (digest && !tag) return "IfNotPresent";
  return !tag || tag === "latest" ? "Always" : "IfNotPresent";
}
