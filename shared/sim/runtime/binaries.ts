import type { ProgramSpec } from "../model/registry.ts";
import type { ProcessFacts } from "./exec.ts";

/**
 * Finding a command in the image, as exec(3) does: a name is looked up in PATH, a path is taken as
 * written (relative to the working directory). What is found is one of the image's own programs
 * (catalogue "programs", which may name a program with its first arguments: "node server.js"), or a
 * standard tool of its userland; what is not found fails as runc reports it.
 */
export type Found =
  | { kind: "program"; key: string; spec: ProgramSpec; args: string[] }
  | { kind: "tool"; name: string; args: string[] }
  | { kind: "missing"; error: string };

const BIN_DIRS = new Set(["/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"]);

function normalisePath(path: string, workingDir: string): string {
  const absolute = path.startsWith("/") ? path : `${workingDir.replace(/\/$/, "")}/${path}`;
  const parts: string[] = [];
  for (const part of absolute.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

function dirname(path: string): string {
  return path.slice(0, path.lastIndexOf("/")) || "/";
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The PATH directories of the image (its env's PATH, else its userland's). */
function pathDirs(facts: ProcessFacts): Set<string> {
  const path = facts.env.find(([k]) => k === "PATH")?.[1] ?? facts.userland.path;
  return new Set([...BIN_DIRS, ...path.split(":").filter(Boolean)]);
}

export function findCommand(facts: ProcessFacts, argv: string[]): Found {
  const [arg0 = "", ...rest] = argv;
  const image = facts.image;
  const programs = image.programs ?? {};
  const dirs = pathDirs(facts);
  const isPath = arg0.includes("/");
  const path = isPath ? normalisePath(arg0, image.workingDir ?? "/") : undefined;
  const name = path && dirs.has(dirname(path)) ? basename(path) : isPath ? undefined : arg0;

  // "program argument" keys first, longest match wins (zkServer.sh start-foreground, node server.js).
  let best: { key: string; words: number } | undefined;
  for (const key of Object.keys(programs)) {
    const words = key.split(" ");
    if (words.length < 2 || words.length > argv.length) continue;
    const head = words[0] as string;
    const headMatches = head === arg0 || head === path || (name !== undefined && head === name);
    if (!headMatches || !words.slice(1).every((w, i) => w === argv[i + 1])) continue;
    if (!best || words.length > best.words) best = { key, words: words.length };
  }
  if (best) {
    return {
      kind: "program",
      key: best.key,
      spec: programs[best.key] as ProgramSpec,
      args: argv.slice(best.words),
    };
  }
  if (path && programs[path]) return { kind: "program", key: path, spec: programs[path], args: rest };
  if (name !== undefined) {
    if (programs[name]) return { kind: "program", key: name, spec: programs[name], args: rest };
    for (const [key, spec] of Object.entries(programs)) {
      if (key.startsWith("/") && !key.includes(" ") && basename(key) === name && dirs.has(dirname(key)))
        return { kind: "program", key, spec, args: rest };
    }
    if (facts.userland.programs.has(name) || image.tools?.includes(name))
      return { kind: "tool", name, args: rest };
  }
  // An image whose files the catalogue does not describe (a scenario's own) is taken to hold them.
  if (facts.userland.name === "unknown") return { kind: "tool", name: basename(arg0), args: rest };
  if (isPath) return { kind: "missing", error: `exec: "${arg0}": stat ${arg0}: no such file or directory` };
  return { kind: "missing", error: `exec: "${arg0}": executable file not found in $PATH` };
}

/** containerd's wording when runc cannot exec the container's process. */
export function startErrorMessage(error: string): string {
  return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${error}: unknown`;
}
