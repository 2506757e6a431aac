import { layerDigest, manifestDigest } from "../sim/catalogue/build.ts";
import { catalogueImage, catalogueLayerSize, catalogueRegistry } from "../sim/catalogue/catalogue.ts";
import { DEFAULT_HOSTS, type RegistryOptions } from "../sim/catalogue/registries.ts";
import type { ImageManifest, ImageProcess } from "../sim/model/registry.ts";
import { parseBytes } from "../sim/quantity.ts";
import { DOCKER_HUB, parseImageReference } from "../sim/registry/imageref.ts";

/**
 * A scenario's own images, built as the catalogue (catalogue/build.ts) builds its entries: layers are
 * content-addressed by their host and name, the manifest by its repository and layer digests, so an
 * image built `from` a catalogue image shares that image's base layers on every node. They live on a
 * registry the scenario declares or on a public registry of the catalogue.
 */
export interface ImageSpec {
  image: string;
  tags: string[];
  from?: string;
  layers?: { size: string | number; name?: string }[];
  entrypoint?: string[];
  cmd?: string[];
}

export interface ImageProblem {
  field: string;
  message: string;
}

export function registryHost(r: RegistryOptions): string {
  return r.host ?? DEFAULT_HOSTS[r.kind];
}

export function buildImages(
  specs: ImageSpec[],
  registries: RegistryOptions[],
): { images: ImageManifest[]; layers: Record<string, number>; problems: ImageProblem[] } {
  const hosts = new Set([DOCKER_HUB, ...registries.map(registryHost)]);
  const built: Record<string, ImageManifest> = {};
  const layers: Record<string, number> = {};
  const problems: ImageProblem[] = [];
  const sizeOf = (digest: string) => layers[digest] ?? catalogueLayerSize(digest) ?? 0;
  for (const [i, spec] of specs.entries()) {
    const path = `spec.images[${i}]`;
    const problem = (field: string, message: string) => problems.push({ field: `${path}.${field}`, message });
    const parsed = parseImageReference(spec.image);
    if (!parsed.ok) {
      problem("image", `Invalid value: ${JSON.stringify(spec.image)}: ${parsed.error}`);
      continue;
    }
    const ref = parsed.ref;
    if (ref.tag !== undefined || ref.digest !== undefined) {
      problem(
        "image",
        `Invalid value: ${JSON.stringify(spec.image)}: must be a repository without tag or digest (list the tags in ${path}.tags)`,
      );
      continue;
    }
    if (!hosts.has(ref.domain) && !catalogueRegistry(ref.domain)) {
      problem(
        "image",
        `Invalid value: ${JSON.stringify(spec.image)}: no registry of this scenario serves host "${ref.domain}" (declare it in spec.registries)`,
      );
      continue;
    }
    let base: ImageManifest | undefined;
    if (spec.from !== undefined) {
      const from = parseImageReference(spec.from);
      base = from.ok ? (built[from.ref.normalized] ?? catalogueImage(from.ref.normalized)) : undefined;
      if (!base) {
        problem(
          "from",
          `Not found: ${JSON.stringify(spec.from)}: not in the catalogue (shared/sim/catalogue/catalogue.json) nor earlier in spec.images`,
        );
        continue;
      }
    }
    const own: string[] = [];
    let failed = false;
    (spec.layers ?? []).forEach((layer, j) => {
      const size = typeof layer.size === "number" ? layer.size : parseBytes(layer.size);
      if (size === undefined || !Number.isInteger(size) || size < 0) {
        failed = true;
        problem(
          `layers[${j}].size`,
          `Invalid value: ${JSON.stringify(layer.size)}: must be a size in bytes such as 1048576 or "35Mi"`,
        );
        return;
      }
      const digest = layerDigest(ref.domain, ref.path, spec.tags[0] ?? "latest", j, layer.name);
      layers[digest] = size;
      own.push(digest);
    });
    if (failed) continue;
    const digests = [...(base?.layers ?? []), ...own];
    if (digests.length === 0) {
      problem("layers", "Required value: an image needs layers, a base image (from), or both");
      continue;
    }
    // As docker build does: a new ENTRYPOINT drops the base's CMD.
    const process: ImageProcess = { ...(base?.process ?? {}) };
    delete process.version;
    if (spec.entrypoint) {
      process.entrypoint = spec.entrypoint;
      delete process.cmd;
    }
    if (spec.cmd) process.cmd = spec.cmd;
    // The command the teacher declared is this image's own program: a server that runs until stopped.
    const declared = [...(spec.entrypoint ?? []), ...(spec.cmd ?? [])];
    if (declared.length > 0) {
      const programs = { ...(process.programs ?? {}), [declared.join(" ")]: { runs: "server" as const } };
      // Its binary too, unless it is the base's (python3 -m app is the app, not every python3).
      const binary = declared[0] as string;
      if (!base?.process.programs?.[binary]) programs[binary] = { runs: "server" };
      process.programs = programs;
    }
    const digest = manifestDigest(ref.repository, digests);
    const size = digests.reduce((sum, d) => sum + sizeOf(d), 0);
    spec.tags.forEach((tag, j) => {
      const tagged = parseImageReference(`${spec.image}:${tag}`);
      if (!tagged.ok || tagged.ref.tag !== tag) {
        problem(`tags[${j}]`, `Invalid value: ${JSON.stringify(tag)}: invalid reference format`);
        return;
      }
      const name = tagged.ref.normalized;
      if (built[name] || catalogueImage(name)) {
        problem(`tags[${j}]`, `Duplicate value: ${JSON.stringify(name)}`);
        return;
      }
      built[name] = { repository: ref.repository, tag, digest, layers: digests, size, process };
    });
  }
  return { images: Object.values(built), layers, problems };
}
