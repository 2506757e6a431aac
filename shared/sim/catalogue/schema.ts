import { z } from "zod";

/**
 * The shape of catalogue.json, the registry world a teacher reads and edits. Strict objects, so a
 * misspelt field is an error rather than silently ignored; the checks zod cannot express (references
 * between entries, sizes, tags) are in build.ts.
 */
const text = z.string().min(1);
const strings = z.array(z.string());
const size = z.string().regex(/^[0-9.]+(k|M|G|Ki|Mi|Gi)?$/, 'a size such as "28.23M", "956" or "250Mi"');

export const PROGRAM_KINDS = [
  "server",
  "exits",
  "entrypoint",
  "interpreter",
  "pause",
  "stress",
  "vish-stress",
  "agnhost",
  "http-echo",
] as const;

export const ProgramEntry = z.strictObject({
  runs: z.enum(PROGRAM_KINDS),
  listens: z.array(z.number().int().min(1).max(65535)).optional(),
  memory: size.optional(),
  banner: text.optional(),
  http: z.strictObject({ status: z.number().int().min(100).max(599).optional(), body: strings }).optional(),
  requires: z
    .strictObject({
      anyOf: z.array(text).min(1),
      exitCode: z.number().int().min(0).max(255),
      message: strings,
    })
    .optional(),
  output: strings.optional(),
  exitCode: z.number().int().min(0).max(255).optional(),
  default: z.array(text).optional(),
  notModelled: z.boolean().optional(),
  about: text.optional(),
});

/** Fields an image and a repository's defaults share. */
const processFields = {
  entrypoint: strings.optional(),
  cmd: strings.optional(),
  workingDir: text.optional(),
  env: z.record(z.string(), z.string()).optional(),
  userland: text.optional(),
  tools: z.array(text).optional(),
  programs: z.record(z.string(), ProgramEntry).optional(),
  os: text.optional(),
};

export const ImageEntry = z.strictObject({
  tags: z.array(text).min(1),
  patches: z.array(text).optional(),
  from: text.optional(),
  layers: z.array(z.union([size, z.strictObject({ size, name: text })])).optional(),
  on: z.array(text).optional(),
  ...processFields,
});

export const RepositoryEntry = z.strictObject({
  repository: text,
  about: text.optional(),
  defaults: z.strictObject(processFields).optional(),
  images: z.array(ImageEntry).min(1),
});

export const REGISTRY_KINDS = ["dockerhub", "k8s", "gar", "ghcr", "quay", "mcr", "ecr-public"] as const;

export const CatalogueFile = z.strictObject({
  about: strings,
  snapshot: text,
  registries: z.array(
    z.strictObject({
      name: text,
      kind: z.enum(REGISTRY_KINDS),
      hosts: z.array(text).min(1),
      about: text.optional(),
    }),
  ),
  mirrors: z.array(
    z.strictObject({ prefix: text, of: text, selective: text.optional(), about: text.optional() }),
  ),
  userlands: z.record(
    z.string(),
    z.strictObject({
      about: text.optional(),
      from: text.optional(),
      sh: z.enum(["dash", "ash", "bash"]).optional(),
      style: z.enum(["gnu", "busybox"]).optional(),
      path: text.optional(),
      nslookup: z.enum(["busybox", "legacy", "bind"]).optional(),
      programs: z.array(text),
    }),
  ),
  repositories: z.array(RepositoryEntry),
});

export type CatalogueFile = z.infer<typeof CatalogueFile>;
export type ImageEntry = z.infer<typeof ImageEntry>;
export type RepositoryEntry = z.infer<typeof RepositoryEntry>;
export type ProgramEntry = z.infer<typeof ProgramEntry>;
