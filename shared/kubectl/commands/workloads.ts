import type { Container } from "../../sim/model/pod.ts";
import { type Context, print, printErr, refusalText } from "../context.ts";
import type { FlagSpec, ParsedFlags } from "../flags.ts";
import { int } from "../flags.ts";
import { apiReadable, notFound, parseTargets } from "../query.ts";
import type { ResourceType } from "../resources.ts";

/**
 * `kubectl scale` and `kubectl set image`: the scale subresource and a patch of the pod template, sent
 * as the engine's Scale and SetImage commands.
 */
export const SCALE_FLAGS: FlagSpec[] = [{ name: "replicas", type: "int", default: -1 }];

/** TYPE/NAME... or TYPE NAME...: the (resource, name) pairs a workload command acts on. */
export function workloadArgs(
  ctx: Context,
  args: string[],
): { resource: ResourceType; name: string }[] | undefined {
  const parsed = parseTargets(args);
  if (!parsed.ok) {
    printErr(ctx, parsed.message);
    return undefined;
  }
  const pairs = parsed.targets.flatMap((t) => t.names.map((name) => ({ resource: t.resource, name })));
  if (pairs.length === 0) {
    printErr(ctx, "error: resource(s) were provided, but no name was specified");
    return undefined;
  }
  return pairs;
}

export function runScale(ctx: Context, flags: ParsedFlags): number {
  if (!flags.given.has("replicas")) {
    printErr(ctx, 'error: required flag(s) "replicas" not set');
    return 1;
  }
  const replicas = int(flags.values, "replicas");
  if (replicas < 0) {
    printErr(
      ctx,
      "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
    );
    return 1;
  }
  if (flags.positionals.length === 0) {
    printErr(ctx, NO_RESOURCES);
    return 1;
  }
  const pairs = workloadArgs(ctx, flags.positionals);
  if (!pairs) return 1;
  let exit = 0;
  for (const { resource, name } of pairs) {
    if (resource.kind !== "Deployment" && resource.kind !== "ReplicaSet") {
      printErr(
        ctx,
        resource.simulated
          ? "Error from server (NotFound): the server could not find the requested resource"
          : notFound(resource, name),
      );
      exit = 1;
      continue;
    }
    const result = ctx.client.apply(ctx.seat, {
      type: "Scale",
      kind: resource.singular,
      name,
      namespace: ctx.namespace,
      replicas,
    });
    if (result.ok) print(ctx, result.message ?? "");
    else {
      printErr(ctx, refusalText(result));
      exit = 1;
    }
  }
  return exit;
}

const NO_RESOURCES = `error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

export const SET_IMAGE_FLAGS: FlagSpec[] = [];

export function runSetImage(ctx: Context, flags: ParsedFlags): number {
  const updates = flags.positionals.filter((a) => a.includes("="));
  const resources = flags.positionals.filter((a) => !a.includes("="));
  if (resources.length === 0) {
    printErr(ctx, NO_RESOURCES);
    return 1;
  }
  if (updates.length === 0) {
    printErr(ctx, "error: at least one image update is required");
    return 1;
  }
  const pairs = workloadArgs(ctx, resources);
  if (!pairs) return 1;
  if (!apiReadable(ctx)) return 1;
  let exit = 0;
  for (const { resource, name } of pairs) {
    if (resource.kind === "Pod") {
      printErr(
        ctx,
        "error: setting the image of a pod is not available in this console; set it on its Deployment",
      );
      exit = 1;
      continue;
    }
    const table =
      resource.kind === "Deployment"
        ? ctx.state.deployments
        : resource.kind === "ReplicaSet"
          ? ctx.state.replicasets
          : undefined;
    const object = table?.[`${ctx.namespace}/${name}`];
    if (!object) {
      printErr(ctx, notFound(resource, name));
      exit = 1;
      continue;
    }
    const containers: Container[] = object.spec.template.spec.containers;
    const commands: { container: string; image: string }[] = [];
    let missing: string | undefined;
    for (const update of updates) {
      const eq = update.indexOf("=");
      const container = update.slice(0, eq);
      const image = update.slice(eq + 1);
      if (container === "*") for (const c of containers) commands.push({ container: c.name, image });
      else if (containers.some((c) => c.name === container)) commands.push({ container, image });
      else missing = container;
    }
    if (missing !== undefined) {
      printErr(ctx, `error: unable to find container named "${missing}"`);
      exit = 1;
      continue;
    }
    // kubectl sends nothing, and prints nothing, when every image is already the one asked for.
    const changes = commands.filter((c) => containers.find((x) => x.name === c.container)?.image !== c.image);
    let message = "";
    for (const c of changes) {
      const result = ctx.client.apply(ctx.seat, {
        type: "SetImage",
        kind: resource.singular,
        name,
        namespace: ctx.namespace,
        container: c.container,
        image: c.image,
      });
      if (!result.ok) {
        printErr(ctx, refusalText(result));
        exit = 1;
        message = "";
        break;
      }
      message = result.message ?? "";
    }
    if (message) print(ctx, message);
  }
  return exit;
}
