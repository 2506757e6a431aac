import { apiUnavailable } from "../../sim/apiserver/availability.ts";
import { KUBELET_VERSION } from "../../sim/apiserver/objects.ts";
import { type Context, print, printErr, refusalText } from "../context.ts";
import { type FlagSpec, type ParsedFlags, str } from "../flags.ts";
import { toJson, toYaml } from "../output.ts";
import { RESOURCES, simulatedResources } from "../resources.ts";
import { formatTable } from "../table.ts";

/** `kubectl version`, `cluster-info` and `api-resources`: the cluster as a v1.31 control plane. */
export const CLIENT_VERSION = KUBELET_VERSION;
const KUSTOMIZE_VERSION = "v5.4.2";
export const API_SERVER = "https://10.0.0.2:6443";

export const VERSION_FLAGS: FlagSpec[] = [
  { name: "output", short: "o", type: "string" },
  { name: "client", type: "bool" },
];

function versionInfo(version: string) {
  const [major = "1", minor = "31"] = version.replace(/^v/, "").split(".");
  return {
    major,
    minor,
    gitVersion: version,
    gitCommit: "a78aa47129b8539636eb86a9d00e31b2720fe06b",
    gitTreeState: "clean",
    buildDate: "2024-12-10T11:43:21Z",
    goVersion: "go1.22.9",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

export function runVersion(ctx: Context, flags: ParsedFlags): number {
  const output = str(flags.values, "output");
  const clientOnly = flags.given.has("client");
  const down = clientOnly ? undefined : apiUnavailable(ctx.state);
  if (output === "json" || output === "yaml") {
    const value = {
      clientVersion: versionInfo(CLIENT_VERSION),
      kustomizeVersion: KUSTOMIZE_VERSION,
      ...(clientOnly || down ? {} : { serverVersion: versionInfo(KUBELET_VERSION) }),
    };
    print(ctx, output === "json" ? toJson(value) : toYaml(value));
  } else if (output) {
    printErr(ctx, "error: --output must be 'yaml' or 'json'");
    return 1;
  } else {
    print(ctx, `Client Version: ${CLIENT_VERSION}\nKustomize Version: ${KUSTOMIZE_VERSION}`);
    if (!clientOnly && !down) print(ctx, `Server Version: ${KUBELET_VERSION}`);
  }
  if (down && !down.ok) {
    printErr(ctx, refusalText(down));
    return 1;
  }
  return 0;
}

export function runClusterInfo(ctx: Context): number {
  const down = apiUnavailable(ctx.state);
  if (down && !down.ok && down.message.startsWith("The connection")) {
    printErr(
      ctx,
      `\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n${down.message}`,
    );
    return 1;
  }
  print(
    ctx,
    `Kubernetes control plane is running at ${API_SERVER}\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.`,
  );
  return 0;
}

export const API_RESOURCES_FLAGS: FlagSpec[] = [
  { name: "output", short: "o", type: "string" },
  { name: "namespaced", type: "bool", default: true },
  { name: "no-headers", type: "bool" },
];

export function runApiResources(ctx: Context, flags: ParsedFlags): number {
  const output = str(flags.values, "output");
  // The core group first, then the others by group, each sorted by name, as discovery lists them.
  const list = [...RESOURCES]
    .filter((r) => !flags.given.has("namespaced") || r.namespaced === (flags.values.namespaced === true))
    .sort((a, b) => (a.group === b.group ? (a.resource < b.resource ? -1 : 1) : a.group < b.group ? -1 : 1));
  if (output === "name") {
    print(ctx, list.map((r) => (r.group ? `${r.resource}.${r.group}` : r.resource)).join("\n"));
    return 0;
  }
  if (output && output !== "wide") {
    printErr(ctx, `error: --output ${output} is not available. Allowed values: wide, name`);
    return 1;
  }
  const simulated = new Set(simulatedResources());
  const rows = list.map((r) => [
    r.resource,
    r.shortNames.join(","),
    r.group ? `${r.group}/${r.version}` : r.version,
    String(r.namespaced),
    r.kind,
    ...(output === "wide" ? [simulated.has(r) ? "simulated" : "stored, not simulated"] : []),
  ]);
  const headers = [
    "NAME",
    "SHORTNAMES",
    "APIVERSION",
    "NAMESPACED",
    "KIND",
    ...(output === "wide" ? ["KUBECLASS"] : []),
  ];
  const text = formatTable(headers, rows);
  print(ctx, flags.given.has("no-headers") ? text.slice(text.indexOf("\n") + 1) : text);
  return 0;
}
