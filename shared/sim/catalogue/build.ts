import type { ImageManifest, ImageProcess, ProgramSpec, RegistryKind } from "../model/registry.ts";
import { parseBytes } from "../quantity.ts";
import { parseImageReference } from "../registry/imageref.ts";
import { simulatedDigest } from "./digest.ts";
import { expandBraces } from "./expand.ts";
import type { CatalogueFile, ImageEntry, ProgramEntry, RepositoryEntry } from "./schema.ts";
import { DEFAULT_PATH, type Userland } from "./userland.ts";

/**
 * Turns the catalogue file into what the simulation pulls: one manifest per tag (tags of one image
 * share its digest), content-addressed layers (an image built `from` another shares that image's
 * layers), the public registries by host, and the userlands. Every inconsistency is collected as a
 * problem with its place in the file, so a teacher's edit fails a test with a precise message.
 */
export interface CatalogueRegistry {
  name: string;
  kind: RegistryKind;
  hosts: string[];
}

export interface BuiltCatalogue {
  snapshot: string;
  /** Normalised references that exist ("docker.io/library/nginx:1.27"). */
  refs: ReadonlySet<string>;
  /** The manifest of a reference, built on first use (most of the 10,000 are never pulled). */
  image(ref: string): ImageManifest | undefined;
  /** Sizes of the layers of every image built so far (an image is built before its layers are asked). */
  layers: ReadonlyMap<string, number>;
  /** Normalised repositories that exist (a tag missing from one is NotFound, not "denied"). */
  repositories: ReadonlySet<string>;
  registries: CatalogueRegistry[];
  registryByHost: ReadonlyMap<string, CatalogueRegistry>;
  userlands: ReadonlyMap<string, Userland>;
  /** Builds every image and returns what is wrong with the file; empty when all is well. */
  validate(): string[];
}

/** A layer's digest: named layers are shared by name, others belong to the image's first tag. */
export function layerDigest(domain: string, path: string, tag: string, index: number, name?: string): string {
  return simulatedDigest(`${domain}/${name ?? `${path}:${tag}/layer-${index}`}`);
}

export function manifestDigest(repository: string, layers: string[]): string {
  return simulatedDigest(`${repository}@${layers.join(",")}`);
}

interface Unit {
  repository: string;
  domain: string;
  path: string;
  tags: string[];
  entry: ImageEntry;
  defaults: RepositoryEntry["defaults"];
  where: string;
  built?: ImageManifest;
  building?: boolean;
}

/** The version a tag names: "1.27.3-alpine" -> 1.27.3, "v3.2" -> 3.2, "8u432-b06-jdk" -> 8. */
function versionOf(tag: string): string {
  return /^v?(\d+(?:\.\d+)*)/.exec(tag)?.[1] ?? "";
}

function fill(text: string, version: string): string {
  const parts = version.split(".");
  return text
    .replaceAll("{version}", version)
    .replaceAll("{major}", parts[0] ?? "")
    .replaceAll("{minor}", parts.slice(0, 2).join("."));
}

function bytes(text: string, problems: string[], where: string): number {
  const value = parseBytes(text);
  if (value === undefined) {
    problems.push(`${where}: Invalid value: ${JSON.stringify(text)}: not a size`);
    return 0;
  }
  return Math.round(value);
}

function program(entry: ProgramEntry, version: string, problems: string[], where: string): ProgramSpec {
  const lines = (list: string[]) => list.map((l) => fill(l, version));
  const spec: ProgramSpec = { runs: entry.runs };
  if (entry.listens) spec.listens = entry.listens;
  if (entry.memory) spec.memory = bytes(entry.memory, problems, `${where}.memory`);
  if (entry.banner) spec.banner = entry.banner;
  if (entry.http) spec.http = { status: entry.http.status ?? 200, body: lines(entry.http.body) };
  if (entry.requires) spec.requires = { ...entry.requires, message: lines(entry.requires.message) };
  if (entry.output) spec.output = lines(entry.output);
  if (entry.exitCode !== undefined) spec.exitCode = entry.exitCode;
  if (entry.default) spec.default = entry.default;
  if (entry.notModelled) spec.notModelled = true;
  if (entry.about) spec.about = entry.about;
  return spec;
}

function resolveUserlands(file: CatalogueFile, problems: string[]): Map<string, Userland> {
  const out = new Map<string, Userland>();
  const resolve = (name: string, seen: string[]): Userland | undefined => {
    const done = out.get(name);
    if (done) return done;
    const entry = file.userlands[name];
    if (!entry || seen.includes(name)) {
      problems.push(`userlands.${seen.at(-1) ?? name}.from: Not found: ${JSON.stringify(name)}`);
      return undefined;
    }
    const parent = entry.from ? resolve(entry.from, [...seen, name]) : undefined;
    const userland: Userland = {
      name,
      style: entry.style ?? parent?.style ?? "gnu",
      path: entry.path ?? parent?.path ?? DEFAULT_PATH,
      programs: new Set([...(parent?.programs ?? []), ...entry.programs]),
      nslookup: entry.nslookup ?? parent?.nslookup ?? "busybox",
    };
    const sh = entry.sh ?? parent?.sh;
    if (sh) userland.sh = sh;
    out.set(name, userland);
    return userland;
  };
  for (const name of Object.keys(file.userlands)) resolve(name, []);
  return out;
}

/** Docker's inheritance: a child's ENTRYPOINT drops the parent's CMD; env and programs merge. */
function composeProcess(
  parent: ImageProcess | undefined,
  defaults: RepositoryEntry["defaults"],
  entry: ImageEntry,
  version: string,
  problems: string[],
  where: string,
): ImageProcess {
  const own = { ...(defaults ?? {}), ...entry };
  const merged = <T>(a?: Record<string, T>, b?: Record<string, T>) =>
    a || b ? { ...(a ?? {}), ...(b ?? {}) } : undefined;
  const process: ImageProcess = { ...(parent ?? {}) };
  delete process.version;
  if (own.entrypoint !== undefined) {
    process.entrypoint = own.entrypoint;
    delete process.cmd;
  }
  if (own.cmd !== undefined) process.cmd = own.cmd;
  if (own.workingDir !== undefined) process.workingDir = own.workingDir;
  if (own.userland !== undefined) process.userland = own.userland;
  if (own.os !== undefined) process.os = own.os;
  const env = merged(defaults?.env, entry.env);
  if (env) {
    const filled = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, fill(v, version)]));
    process.env = { ...(parent?.env ?? {}), ...filled };
  }
  const tools = [...(parent?.tools ?? []), ...(defaults?.tools ?? []), ...(entry.tools ?? [])];
  if (tools.length > 0) process.tools = [...new Set(tools)];
  const programs = merged(defaults?.programs, entry.programs);
  if (programs) {
    process.programs = { ...(parent?.programs ?? {}) };
    for (const [name, p] of Object.entries(programs)) {
      process.programs[name] = program(p, version, problems, `${where}.programs[${JSON.stringify(name)}]`);
    }
  }
  if (version) process.version = version;
  return process;
}

export function buildCatalogue(file: CatalogueFile): BuiltCatalogue {
  const problems: string[] = [];
  const userlands = resolveUserlands(file, problems);
  const registries: CatalogueRegistry[] = [];
  const registryByHost = new Map<string, CatalogueRegistry>();
  file.registries.forEach((r, i) => {
    const registry = { name: r.name, kind: r.kind, hosts: r.hosts };
    registries.push(registry);
    for (const host of r.hosts) {
      if (registryByHost.has(host))
        problems.push(`registries[${i}].hosts: Duplicate value: ${JSON.stringify(host)}`);
      registryByHost.set(host, registry);
    }
  });

  const units = new Map<string, Unit>();
  const order: Unit[] = [];
  file.repositories.forEach((repo, i) => {
    const where = `repositories[${i}]`;
    const parsed = parseImageReference(repo.repository);
    if (!parsed.ok || parsed.ref.tag !== undefined || parsed.ref.digest !== undefined) {
      problems.push(
        `${where}.repository: Invalid value: ${JSON.stringify(repo.repository)}: not a repository`,
      );
      return;
    }
    const { domain, path, repository } = parsed.ref;
    if (!registryByHost.has(domain)) {
      problems.push(
        `${where}.repository: Invalid value: ${JSON.stringify(repo.repository)}: no registry serves ${domain}`,
      );
      return;
    }
    repo.images.forEach((entry, j) => {
      const at = `${where}.images[${j}]`;
      const add = (tags: string[]) => {
        const unit: Unit = { repository, domain, path, tags, entry, defaults: repo.defaults, where: at };
        for (const tag of tags) {
          const ref = parseImageReference(`${repository}:${tag}`);
          if (!ref.ok || ref.ref.tag !== tag) {
            problems.push(`${at}.tags: Invalid value: ${JSON.stringify(tag)}: invalid reference format`);
            continue;
          }
          if (units.has(ref.ref.normalized)) {
            problems.push(`${at}.tags: Duplicate value: ${JSON.stringify(ref.ref.normalized)}`);
            continue;
          }
          units.set(ref.ref.normalized, unit);
        }
        order.push(unit);
      };
      try {
        add(entry.tags.flatMap(expandBraces));
        for (const patch of (entry.patches ?? []).flatMap(expandBraces)) add([patch]);
      } catch (e) {
        problems.push(`${at}: ${(e as Error).message}`);
      }
    });
  });

  const layers = new Map<string, number>();
  const build = (unit: Unit): ImageManifest | undefined => {
    if (unit.built) return unit.built;
    if (unit.building) {
      problems.push(`${unit.where}.from: Invalid value: ${JSON.stringify(unit.entry.from)}: a cycle`);
      return undefined;
    }
    unit.building = true;
    const { entry } = unit;
    const firstTag = unit.tags[0] ?? "latest";
    let parent: ImageManifest | undefined;
    if (entry.from !== undefined) {
      const from = parseImageReference(entry.from);
      const base = from.ok ? units.get(from.ref.normalized) : undefined;
      parent = base ? build(base) : undefined;
      if (!parent) {
        problems.push(`${unit.where}.from: Not found: ${JSON.stringify(entry.from)}`);
        unit.building = false;
        return undefined;
      }
    }
    const own = (entry.layers ?? []).map((layer, j) => {
      const named = typeof layer === "string" ? undefined : layer.name;
      const size = bytes(
        typeof layer === "string" ? layer : layer.size,
        problems,
        `${unit.where}.layers[${j}]`,
      );
      const digest = layerDigest(unit.domain, unit.path, firstTag, j, named);
      layers.set(digest, size);
      return digest;
    });
    const digests = [...(parent?.layers ?? []), ...own];
    if (digests.length === 0)
      problems.push(`${unit.where}.layers: Required value: an image needs layers, from, or both`);
    const version = versionOf(firstTag);
    const process = composeProcess(parent?.process, unit.defaults, entry, version, problems, unit.where);
    const userland = process.userland;
    if (userland !== undefined && !userlands.has(userland))
      problems.push(`${unit.where}.userland: Not found: ${JSON.stringify(userland)}`);
    unit.built = {
      repository: unit.repository,
      tag: firstTag,
      digest: manifestDigest(unit.repository, digests),
      layers: digests,
      size: digests.reduce((sum, d) => sum + (layers.get(d) ?? 0), 0),
      process,
    };
    unit.building = false;
    return unit.built;
  };

  // Mirrors copy manifests (same digests, as a registry mirror does) under another repository.
  const mirrored = new Map<string, { origin: string; repository: string }>();
  const repositories = new Set<string>([...units.values()].map((u) => u.repository));
  file.mirrors.forEach((mirror, i) => {
    const namespace = mirror.of.endsWith("/");
    let copied = 0;
    for (const [ref, unit] of units) {
      const repo = unit.repository;
      if (namespace ? !repo.startsWith(mirror.of) : repo !== mirror.of) continue;
      if (mirror.selective && !unit.entry.on?.includes(mirror.selective)) continue;
      const tag = ref.slice(repo.length + 1);
      const parsed = parseImageReference(`${mirror.prefix}${repo.slice(mirror.of.length)}:${tag}`);
      if (!parsed.ok || !registryByHost.has(parsed.ref.domain)) {
        problems.push(
          `mirrors[${i}].prefix: Invalid value: ${JSON.stringify(mirror.prefix)}: no registry serves it`,
        );
        return;
      }
      if (units.has(parsed.ref.normalized) || mirrored.has(parsed.ref.normalized)) continue;
      mirrored.set(parsed.ref.normalized, { origin: ref, repository: parsed.ref.repository });
      repositories.add(parsed.ref.repository);
      copied++;
    }
    if (copied === 0)
      problems.push(`mirrors[${i}].of: Not found: ${JSON.stringify(mirror.of)}: nothing to mirror`);
  });

  const images = new Map<string, ImageManifest | undefined>();
  const image = (ref: string): ImageManifest | undefined => {
    if (images.has(ref)) return images.get(ref);
    let manifest: ImageManifest | undefined;
    const unit = units.get(ref);
    if (unit) {
      const base = build(unit);
      const tag = ref.slice(unit.repository.length + 1);
      manifest = base && (tag === base.tag ? base : { ...base, tag });
    } else {
      const copy = mirrored.get(ref);
      const origin = copy && image(copy.origin);
      manifest = origin && copy && { ...origin, repository: copy.repository };
    }
    images.set(ref, manifest);
    return manifest;
  };
  const refs = new Set([...units.keys(), ...mirrored.keys()]);
  return {
    snapshot: file.snapshot,
    refs,
    image,
    layers,
    repositories,
    registries,
    registryByHost,
    userlands,
    validate() {
      for (const ref of refs) image(ref);
      return problems;
    },
  };
}
