import { type Context, print, printErr, refusalText } from "../context.ts";
import { type FlagSpec, int, list, type ParsedFlags, str } from "../flags.ts";
import { notFound } from "../query.ts";
import { resolveResource } from "../resources.ts";

/** `kubectl run NAME --image=...` and `kubectl expose TYPE NAME --port=...`, as Apply commands. */
export const RUN_FLAGS: FlagSpec[] = [
  { name: "image", type: "string" },
  { name: "port", type: "int", default: -1 },
  { name: "labels", short: "l", type: "string" },
  { name: "env", type: "strings" },
  { name: "restart", type: "string", default: "Always" },
  { name: "command", type: "bool" },
];

function send(ctx: Context, manifest: Record<string, unknown>, success?: string): number {
  const result = ctx.client.apply(ctx.seat, { type: "Apply", manifest });
  if (!result.ok) {
    printErr(ctx, refusalText(result));
    return 1;
  }
  print(ctx, success ?? result.message ?? "");
  return 0;
}

export function runRun(ctx: Context, flags: ParsedFlags): number {
  const v = flags.values;
  const [name, ...rest] = flags.positionals;
  if (!name) {
    printErr(ctx, "error: NAME is required for run\nSee 'kubectl run -h' for help and examples");
    return 1;
  }
  const image = str(v, "image");
  if (!image) {
    printErr(ctx, 'error: required flag(s) "image" not set');
    return 1;
  }
  const restart = str(v, "restart");
  if (!["Always", "OnFailure", "Never"].includes(restart)) {
    printErr(ctx, `error: invalid restart policy: ${restart}`);
    return 1;
  }
  if (ctx.state.pods[`${ctx.namespace}/${name}`]) {
    printErr(ctx, `Error from server (AlreadyExists): pods "${name}" already exists`);
    return 1;
  }
  const labels: Record<string, string> = {};
  const labelText = str(v, "labels");
  if (labelText) {
    for (const pair of labelText.split(",")) {
      const [k = "", val = ""] = pair.split("=");
      labels[k] = val;
    }
  } else labels.run = name;
  const env = list(v, "env").map((e) => {
    const eq = e.indexOf("=");
    return { name: e.slice(0, eq < 0 ? undefined : eq), value: eq < 0 ? "" : e.slice(eq + 1) };
  });
  const port = int(v, "port");
  const container: Record<string, unknown> = { name, image };
  if (rest.length) container[flags.given.has("command") ? "command" : "args"] = rest;
  if (env.length) container.env = env;
  if (port >= 0) container.ports = [{ containerPort: port }];
  return send(ctx, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ctx.namespace, labels },
    spec: { containers: [container], restartPolicy: restart },
  });
}

export const EXPOSE_FLAGS: FlagSpec[] = [
  { name: "port", type: "string" },
  { name: "target-port", type: "string" },
  { name: "type", type: "string" },
  { name: "name", type: "string" },
  { name: "protocol", type: "string" },
];

export function runExpose(ctx: Context, flags: ParsedFlags): number {
  const v = flags.values;
  const args = flags.positionals.flatMap((a) => (a.includes("/") ? a.split("/") : [a]));
  const [type = "", name] = args;
  const r = resolveResource(type);
  if (!name || !r) {
    printErr(
      ctx,
      r || !type
        ? "error: You must provide one or more resources by argument or filename."
        : `error: the server doesn't have a resource type "${type}"`,
    );
    return 1;
  }
  let selector: Record<string, string> | undefined;
  let ports: number[] = [];
  if (r.kind === "Deployment" || r.kind === "ReplicaSet") {
    const owner = (r.kind === "Deployment" ? ctx.state.deployments : ctx.state.replicasets)[
      `${ctx.namespace}/${name}`
    ];
    if (!owner) {
      printErr(ctx, notFound(r, name));
      return 1;
    }
    if (owner.spec.selector.matchExpressions?.length) {
      printErr(
        ctx,
        "error: couldn't retrieve selectors via --selector flag or introspection: the Deployment has match expressions, which a Service selector cannot express",
      );
      return 1;
    }
    selector = owner.spec.selector.matchLabels;
    ports = owner.spec.template.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => p.containerPort));
  } else if (r.kind === "Pod") {
    const pod = ctx.state.pods[`${ctx.namespace}/${name}`];
    if (!pod) {
      printErr(ctx, notFound(r, name));
      return 1;
    }
    selector = pod.metadata.labels;
    ports = pod.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => p.containerPort));
  } else {
    printErr(ctx, `error: cannot expose a ${r.kind}`);
    return 1;
  }
  const portText = str(v, "port");
  const port = portText ? Number(portText) : ports[0];
  if (port === undefined || !Number.isInteger(port)) {
    printErr(
      ctx,
      "error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples",
    );
    return 1;
  }
  const serviceName = str(v, "name") || name;
  if (ctx.state.services[`${ctx.namespace}/${serviceName}`]) {
    printErr(ctx, `Error from server (AlreadyExists): services "${serviceName}" already exists`);
    return 1;
  }
  const target = str(v, "target-port");
  const targetPort = target ? (/^\d+$/.test(target) ? Number(target) : target) : port;
  return send(
    ctx,
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: serviceName, namespace: ctx.namespace },
      spec: {
        selector,
        ports: [{ port, protocol: str(v, "protocol") || "TCP", targetPort }],
        ...(str(v, "type") ? { type: str(v, "type") } : {}),
      },
    },
    `service/${serviceName} exposed`,
  );
}
