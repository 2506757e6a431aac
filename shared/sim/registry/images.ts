import { catalogueImage, catalogueLayerSize, catalogueRepositoryExists } from "../catalogue/catalogue.ts";
import type { ImageManifest } from "../model/registry.ts";
import type { ClusterState } from "../model/state.ts";

/**
 * What the registries hold: the scenario's own images (in the state, so a record replays them) and the
 * built-in catalogue (static, so ten thousand manifests stay out of every state snapshot and hash).
 */
export function findManifest(state: ClusterState, ref: string): ImageManifest | undefined {
  return state.images[ref] ?? catalogueImage(ref);
}

export function layerSize(state: ClusterState, digest: string): number {
  return state.layers[digest] ?? catalogueLayerSize(digest) ?? 0;
}

export function repositoryExists(state: ClusterState, repository: string): boolean {
  return (
    catalogueRepositoryExists(repository) ||
    Object.values(state.images).some((m) => m.repository === repository)
  );
}
