import type { KubeReader } from "./client.ts";
import { COMMANDS, commandPath, GLOBAL_FLAGS } from "./commandtable.ts";
import { parseFlags, str } from "./flags.ts";
import { RESOURCES, type ResourceType, resolveResource } from "./resources.ts";
import { tokenize } from "./shell.ts";

/**
 * Tab completion for the console, as kubectl's shell completion offers it: commands and subcommands,
 * resource types, the names of objects that exist (in the namespace in effect), flags, and values of
 * `-n`, `-o`, `-c` and `-f`. Returns the candidates for the word being typed.
 */
export interface CompleteOptions {
  namespace?: string;
  files?: Record<string, string>;
}

const OUTPUTS = ["json", "name", "wide", "yaml"];
const TYPE_COMMANDS = new Set(["get", "describe", "delete", "explain", "expose", "events"]);
const NODE_COMMANDS = new Set(["cordon", "uncordon", "drain"]);

function namesOf(cluster: KubeReader, r: ResourceType, namespace: string): string[] {
  return r
    .list(cluster.state)
    .filter((o) => !r.namespaced || o.metadata.namespace === namespace)
    .map((o) => o.metadata.name);
}

function typeNames(): string[] {
  return RESOURCES.filter((r) => r.simulated).map((r) => r.resource);
}

export function complete(cluster: KubeReader, partialLine: string, options: CompleteOptions = {}): string[] {
  const tokens = tokenize(partialLine);
  if (!tokens.ok) return [];
  let words = tokens.words;
  if (words[0] === "kubectl") words = words.slice(1);
  const typing = tokens.trailingSpace || words.length === 0 ? "" : (words.pop() as string);
  const done = (list: string[]) => [...new Set(list.filter((c) => c.startsWith(typing)))].sort();
  const path = commandPath(words);
  if (path.length === 0) return done(Object.keys(COMMANDS));
  let spec = COMMANDS[path[0]?.name ?? ""];
  if (!spec) return [];
  for (const step of path.slice(1)) spec = spec.subcommands?.[step.name] ?? spec;
  const flagSpecs = [...spec.flags, ...GLOBAL_FLAGS];
  if (typing.startsWith("-")) {
    return done(flagSpecs.flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]));
  }
  const rest = words.filter((_, i) => !path.some((p) => p.index === i));
  const previous = rest[rest.length - 1];
  const previousFlag = previous?.startsWith("-")
    ? flagSpecs.find((f) => previous === `--${f.name}` || previous === `-${f.short}`)
    : undefined;
  const parsed = parseFlags(rest, flagSpecs);
  const namespace =
    (parsed.ok && parsed.given.has("namespace") ? str(parsed.values, "namespace") : undefined) ??
    options.namespace ??
    "default";
  const positionals = parsed.ok ? parsed.positionals : [];
  if (previousFlag && previousFlag.type !== "bool") {
    switch (previousFlag.name) {
      case "namespace":
        return done(Object.keys(cluster.state.namespaces));
      case "output":
        return done(OUTPUTS);
      case "filename":
        return done(["-", ...Object.keys(options.files ?? {})]);
      case "container": {
        const pod = cluster.state.pods[`${namespace}/${positionals[0] ?? ""}`];
        return done(pod?.spec.containers.map((c) => c.name) ?? []);
      }
      default:
        return [];
    }
  }
  if (spec.subcommands && path.length === 1 && !spec.run) return done(Object.keys(spec.subcommands));
  const command = path.map((p) => p.name).join(" ");
  if (spec.subcommands && path.length === 1 && positionals.length === 0 && command === "create") {
    return done(Object.keys(spec.subcommands));
  }
  if (NODE_COMMANDS.has(command)) return done(Object.keys(cluster.state.nodes));
  if (command === "logs") {
    if (positionals.length === 0)
      return done(namesOf(cluster, resolveResource("pods") as ResourceType, namespace));
    const pod = cluster.state.pods[`${namespace}/${positionals[0]}`];
    return done(pod?.spec.containers.map((c) => c.name) ?? []);
  }
  const slashed = (r: ResourceType) => namesOf(cluster, r, namespace).map((n) => `${r.singular}/${n}`);
  if (command === "scale" || command.startsWith("rollout") || command === "set image") {
    const kinds =
      command === "scale" || command === "set image" ? ["deployments", "replicasets"] : ["deployments"];
    const types = kinds.map((k) => resolveResource(k) as ResourceType);
    if (command === "set image" && positionals.length > 0) {
      const [type = "", maybeName] = positionals[0]?.split("/") ?? [];
      const r = resolveResource(type);
      const name = maybeName ?? positionals[1];
      const owner =
        r?.kind === "Deployment"
          ? cluster.state.deployments[`${namespace}/${name}`]
          : cluster.state.replicasets[`${namespace}/${name}`];
      return done(owner?.spec.template.spec.containers.map((c) => `${c.name}=`) ?? []);
    }
    if (positionals.length > 0) return [];
    return done(
      typing.includes("/")
        ? types.flatMap(slashed)
        : [...types.map((r) => r.singular), ...types.flatMap(slashed)],
    );
  }
  if (TYPE_COMMANDS.has(command)) {
    if (typing.includes("/")) {
      const r = resolveResource(typing.slice(0, typing.indexOf("/")));
      return r
        ? done(namesOf(cluster, r, namespace).map((n) => `${typing.slice(0, typing.indexOf("/"))}/${n}`))
        : [];
    }
    if (positionals.length === 0) return done([...typeNames(), ...(command === "get" ? ["all"] : [])]);
    const r = resolveResource((positionals[0] ?? "").split(",")[0] ?? "");
    return r ? done(namesOf(cluster, r, namespace)) : [];
  }
  return [];
}
