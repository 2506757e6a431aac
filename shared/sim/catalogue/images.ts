import type { ImageManifest, ImageProcess } from "../model/registry.ts";
import { MB } from "../quantity.ts";
import { simulatedDigest } from "./digest.ts";

/**
 * The built-in Docker Hub catalogue: the official images classes use most, with compressed layer sizes
 * close to the linux/amd64 images of late 2025, and the base layers they really share (Debian bookworm,
 * bookworm-slim, Alpine, the buildpack-deps stack under python and node). Sizes in bytes.
 */
const kb = 1000;

const layer = (name: string, size: number) => ({ name, size: Math.round(size) });

const BOOKWORM_SLIM = [layer("debian:bookworm-slim/rootfs", 28.23 * MB)];
const BOOKWORM = [layer("debian:bookworm/rootfs", 48.49 * MB)];
const BUILDPACK_DEPS = [
  ...BOOKWORM,
  layer("buildpack-deps:bookworm-curl", 24.06 * MB),
  layer("buildpack-deps:bookworm-scm", 64.39 * MB),
  layer("buildpack-deps:bookworm", 211.31 * MB),
];
const ALPINE = [layer("alpine:3.21/rootfs", 3.64 * MB)];

interface CatalogueEntry {
  repository: string;
  tags: string[];
  layers: { name: string; size: number }[];
  process: ImageProcess;
}

const POSTGRES_PASSWORD = {
  anyOf: ["POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD"],
  message:
    "Error: Database is uninitialized and superuser password is not specified.\n" +
    "       You must specify POSTGRES_PASSWORD to a non-empty value for the\n" +
    '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
};
const MYSQL_PASSWORD = {
  anyOf: ["MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"],
  message:
    "[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n" +
    "    You need to specify one of the following as an environment variable:\n" +
    "    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD",
};

const ENTRYPOINT = ["/docker-entrypoint.sh"];

export const DOCKER_HUB_CATALOGUE: CatalogueEntry[] = [
  {
    repository: "library/nginx",
    tags: ["1.27", "1.27.3", "latest", "stable-bookworm"],
    layers: [
      ...BOOKWORM_SLIM,
      layer("nginx:1.27/pkgs", 41.83 * MB),
      layer("nginx:1.27/entrypoint", 628),
      layer("nginx:1.27/conf", 956),
      layer("nginx:1.27/scripts", 1.4 * kb),
    ],
    process: { entrypoint: ENTRYPOINT, cmd: ["nginx", "-g", "daemon off;"] },
  },
  {
    repository: "library/nginx",
    tags: ["1.26", "1.26.2"],
    layers: [
      ...BOOKWORM_SLIM,
      layer("nginx:1.26/pkgs", 41.41 * MB),
      layer("nginx:1.27/entrypoint", 628),
      layer("nginx:1.27/conf", 956),
      layer("nginx:1.27/scripts", 1.4 * kb),
    ],
    process: { entrypoint: ENTRYPOINT, cmd: ["nginx", "-g", "daemon off;"] },
  },
  {
    repository: "library/nginx",
    tags: ["1.27-alpine", "alpine"],
    layers: [
      ...ALPINE,
      layer("nginx:1.27-alpine/pkgs", 1.79 * MB),
      layer("nginx:1.27-alpine/mods", 15.2 * MB),
    ],
    process: { entrypoint: ENTRYPOINT, cmd: ["nginx", "-g", "daemon off;"] },
  },
  {
    repository: "library/redis",
    tags: ["7.4", "7.4.2", "7", "latest"],
    layers: [
      ...BOOKWORM_SLIM,
      layer("redis:7.4/user", 1.1 * kb),
      layer("redis:7.4/gosu", 1.05 * MB),
      layer("redis:7.4/server", 15.65 * MB),
      layer("redis:7.4/data", 98),
      layer("redis:7.4/entrypoint", 1.6 * kb),
    ],
    process: { entrypoint: ["docker-entrypoint.sh"], cmd: ["redis-server"] },
  },
  {
    repository: "library/redis",
    tags: ["7.4-alpine", "alpine"],
    layers: [...ALPINE, layer("redis:7.4-alpine/server", 13.1 * MB), layer("redis:7.4/entrypoint", 1.6 * kb)],
    process: { entrypoint: ["docker-entrypoint.sh"], cmd: ["redis-server"] },
  },
  {
    repository: "library/busybox",
    tags: ["1.37", "1.37.0", "1.36", "latest", "stable"],
    layers: [layer("busybox:1.37/rootfs", 2.16 * MB)],
    process: { cmd: ["sh"] },
  },
  {
    repository: "library/alpine",
    tags: ["3.21", "3", "latest"],
    layers: ALPINE,
    process: { cmd: ["/bin/sh"] },
  },
  {
    repository: "library/debian",
    tags: ["bookworm-slim", "12-slim"],
    layers: BOOKWORM_SLIM,
    process: { cmd: ["bash"] },
  },
  {
    repository: "library/debian",
    tags: ["bookworm", "12", "latest"],
    layers: BOOKWORM,
    process: { cmd: ["bash"] },
  },
  {
    repository: "library/ubuntu",
    tags: ["24.04", "noble", "latest"],
    layers: [layer("ubuntu:24.04/rootfs", 29.75 * MB)],
    process: { cmd: ["/bin/bash"] },
  },
  {
    repository: "library/postgres",
    tags: ["17", "17.2", "latest"],
    layers: [
      ...BOOKWORM_SLIM,
      layer("postgres:17/locales", 9.03 * MB),
      layer("postgres:17/gosu", 1.3 * MB),
      layer("postgres:17/server", 108.73 * MB),
      layer("postgres:17/entrypoint", 12.1 * kb),
    ],
    process: { entrypoint: ["docker-entrypoint.sh"], cmd: ["postgres"], requiredEnv: POSTGRES_PASSWORD },
  },
  {
    repository: "library/postgres",
    tags: ["16", "16.6"],
    layers: [
      ...BOOKWORM_SLIM,
      layer("postgres:17/locales", 9.03 * MB),
      layer("postgres:17/gosu", 1.3 * MB),
      layer("postgres:16/server", 104.2 * MB),
      layer("postgres:17/entrypoint", 12.1 * kb),
    ],
    process: { entrypoint: ["docker-entrypoint.sh"], cmd: ["postgres"], requiredEnv: POSTGRES_PASSWORD },
  },
  {
    repository: "library/mysql",
    tags: ["8.4", "8", "lts", "latest"],
    layers: [
      layer("oraclelinux:9-slim/rootfs", 48.9 * MB),
      layer("mysql:8.4/gosu", 0.98 * MB),
      layer("mysql:8.4/server", 118.6 * MB),
      layer("mysql:8.4/entrypoint", 5.3 * kb),
    ],
    process: { entrypoint: ["docker-entrypoint.sh"], cmd: ["mysqld"], requiredEnv: MYSQL_PASSWORD },
  },
  {
    repository: "library/python",
    tags: ["3.13", "3.13.1", "3", "latest"],
    layers: [
      ...BUILDPACK_DEPS,
      layer("python:3.13/deps", 6.16 * MB),
      layer("python:3.13/python", 25.5 * MB),
      layer("python:3.13/pip", 249),
    ],
    process: { cmd: ["python3"] },
  },
  {
    repository: "library/python",
    tags: ["3.13-slim", "slim"],
    layers: [
      ...BOOKWORM_SLIM,
      layer("python:3.13-slim/deps", 3.32 * MB),
      layer("python:3.13-slim/python", 12.58 * MB),
      layer("python:3.13/pip", 249),
    ],
    process: { cmd: ["python3"] },
  },
  {
    repository: "library/node",
    tags: ["22", "22.12", "lts", "latest"],
    layers: [
      ...BUILDPACK_DEPS,
      layer("node:22/user", 3.3 * kb),
      layer("node:22/node", 48.37 * MB),
      layer("node:22/yarn", 1.25 * MB),
      layer("node:22/entrypoint", 450),
    ],
    process: { entrypoint: ["docker-entrypoint.sh"], cmd: ["node"] },
  },
  {
    repository: "library/node",
    tags: ["22-alpine", "lts-alpine", "alpine"],
    layers: [
      ...ALPINE,
      layer("node:22-alpine/node", 42.95 * MB),
      layer("node:22-alpine/yarn", 1.26 * MB),
      layer("node:22/entrypoint", 450),
    ],
    process: { entrypoint: ["docker-entrypoint.sh"], cmd: ["node"] },
  },
  {
    repository: "library/httpd",
    tags: ["2.4", "2", "latest"],
    layers: [
      ...BOOKWORM_SLIM,
      layer("httpd:2.4/deps", 145),
      layer("httpd:2.4/runtime", 4.17 * MB),
      layer("httpd:2.4/server", 25.4 * MB),
      layer("httpd:2.4/foreground", 292),
    ],
    process: { cmd: ["httpd-foreground"] },
  },
  {
    repository: "library/memcached",
    tags: ["1.6", "1", "latest"],
    layers: [
      ...BOOKWORM_SLIM,
      layer("memcached:1.6/user", 3.4 * kb),
      layer("memcached:1.6/libs", 0.41 * MB),
      layer("memcached:1.6/server", 3.6 * MB),
      layer("memcached:1.6/entrypoint", 286),
    ],
    process: { entrypoint: ["docker-entrypoint.sh"], cmd: ["memcached"] },
  },
  {
    repository: "library/hello-world",
    tags: ["latest", "linux"],
    layers: [layer("hello-world/hello", 2.46 * kb)],
    process: { cmd: ["/hello"] },
  },
];

export interface Catalogue {
  images: Record<string, ImageManifest>;
  layers: Record<string, number>;
}

/** Builds manifests (by normalised reference) and the layer table for a list of catalogue entries. */
export function buildCatalogue(host: string, entries: CatalogueEntry[]): Catalogue {
  const images: Record<string, ImageManifest> = {};
  const layers: Record<string, number> = {};
  for (const entry of entries) {
    const digests = entry.layers.map((l) => {
      const digest = simulatedDigest(`${host}/${l.name}`);
      layers[digest] = l.size;
      return digest;
    });
    const repository = `${host}/${entry.repository}`;
    const digest = simulatedDigest(`${repository}@${digests.join(",")}`);
    const size = entry.layers.reduce((sum, l) => sum + l.size, 0);
    for (const tag of entry.tags) {
      images[`${repository}:${tag}`] = {
        repository,
        tag,
        digest,
        layers: digests,
        size,
        process: entry.process,
      };
    }
  }
  return { images, layers };
}

export type { CatalogueEntry };
