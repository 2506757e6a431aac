import type { ImageManifest } from "../model/registry.ts";
import { type BuiltCatalogue, buildCatalogue, type CatalogueRegistry } from "./build.ts";
import data from "./catalogue.json" with { type: "json" };
import { CatalogueFile } from "./schema.ts";
import type { Userland } from "./userland.ts";

/**
 * The built-in registry world, read from catalogue.json. The file is a JSON module, not fetched: the
 * bundler (Vite), tsx and vitest inline it at build time, so shared/sim stays free of I/O, and
 * `tsc --noEmit` checks the import like any other (resolveJsonModule). A JSON file rather than a TS
 * data module so that a teacher edits plain data, and so that zod reports a bad edit with its path.
 * Its shape is validated on first use (a broken file stops the simulation with every problem); images
 * are built when first pulled, and a test builds them all (`validate()`).
 */
let built: BuiltCatalogue | undefined;

/** Validates a catalogue file's shape and indexes it; `validate()` checks the rest. */
export function loadCatalogue(file: unknown): BuiltCatalogue {
  const parsed = CatalogueFile.safeParse(file);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`catalogue.json is not valid:\n${problems.join("\n")}`);
  }
  return buildCatalogue(parsed.data);
}

export function catalogue(): BuiltCatalogue {
  if (!built) {
    built = loadCatalogue(data);
  }
  return built;
}

/** The catalogue's manifest for a normalised reference ("docker.io/library/nginx:1.27"). */
export function catalogueImage(ref: string): ImageManifest | undefined {
  return catalogue().image(ref);
}

export function catalogueLayerSize(digest: string): number | undefined {
  return catalogue().layers.get(digest);
}

export function catalogueRepositoryExists(repository: string): boolean {
  return catalogue().repositories.has(repository);
}

/** The public registry that answers for a host, if the catalogue knows one. */
export function catalogueRegistry(host: string): CatalogueRegistry | undefined {
  return catalogue().registryByHost.get(host);
}

export function userland(name: string | undefined): Userland | undefined {
  return name === undefined ? undefined : catalogue().userlands.get(name);
}

export type { CatalogueRegistry };
