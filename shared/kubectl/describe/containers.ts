import type { Container, ContainerState, ContainerStatus, KeySelector, Probe } from "../../sim/model/pod.ts";
import { rfc1123z } from "../../time/format.ts";
import { canonicalQuantity } from "../format.ts";
import type { DescribeWriter } from "./writer.ts";

/**
 * describeContainers: each container's image, ports, command, state and last state (when the pod has a
 * status for it), resources, environment and mounts. Pod templates print the same without statuses.
 */
export function describeContainers(
  w: DescribeWriter,
  label: string,
  containers: Container[],
  statuses: ContainerStatus[] | undefined,
  space: string,
  defaultRequests = false,
  /** A downward-API value as the kubelet resolves it (describe prints resourceFieldRef's). */
  resolved?: (c: Container, env: string) => string | undefined,
): void {
  w.write(0, `${space}${label}:${containers.length === 0 ? " <none>" : ""}\n`);
  for (const c of containers) {
    const status = statuses?.find((s) => s.name === c.name);
    w.write(1, `${space ? " " : ""}${c.name}:\n`);
    if (status) w.write(2, `Container ID:\t${status.containerID ?? ""}\n`);
    w.write(2, `Image:\t${c.image}\n`);
    if (status) w.write(2, `Image ID:\t${status.imageID}\n`);
    const ports = (c.ports ?? []).map(
      (p) => `${p.containerPort}/${p.protocol ?? "TCP"}${p.name ? ` (${p.name})` : ""}`,
    );
    const hostPorts = (c.ports ?? []).map(
      (p) => `${p.hostPort ?? 0}/${p.protocol ?? "TCP"}${p.name ? ` (${p.name})` : ""}`,
    );
    if (ports.length > 1) w.write(2, `Ports:\t${ports.join(", ")}\n`);
    else w.write(2, `Port:\t${ports[0] ?? "<none>"}\n`);
    if (hostPorts.length > 1) w.write(2, `Host Ports:\t${hostPorts.join(", ")}\n`);
    else w.write(2, `Host Port:\t${hostPorts[0] ?? "<none>"}\n`);
    if (c.command?.length) {
      w.write(2, "Command:\n");
      for (const part of c.command) for (const line of part.split("\n")) w.write(3, `${line}\n`);
    }
    if (c.args?.length) {
      w.write(2, "Args:\n");
      for (const part of c.args) for (const line of part.split("\n")) w.write(3, `${line}\n`);
    }
    if (status) {
      describeState(w, "State", status.state);
      if ("terminated" in status.lastState) describeState(w, "Last State", status.lastState);
      w.write(2, `Ready:\t${status.ready ? "True" : "False"}\n`);
      w.write(2, `Restart Count:\t${status.restartCount}\n`);
    }
    describeResources(w, c, defaultRequests);
    for (const [title, probe] of [
      ["Liveness", c.livenessProbe],
      ["Readiness", c.readinessProbe],
      ["Startup", c.startupProbe],
    ] as const) {
      if (probe) w.write(2, `${title}:\t${describeProbe(probe)}\n`);
    }
    if (c.envFrom?.length) {
      w.write(2, "Environment Variables from:\n");
      for (const from of c.envFrom) {
        const ref = from.configMapRef ?? from.secretRef;
        const kind = from.configMapRef ? "ConfigMap" : "Secret";
        const prefix = from.prefix ? ` with prefix '${from.prefix}'` : "";
        w.write(3, `${ref?.name ?? ""}\t${kind}${prefix}\tOptional: ${ref?.optional === true}\n`);
      }
    }
    const env = c.env ?? [];
    w.write(2, `Environment:${env.length === 0 ? "\t<none>" : ""}\n`);
    for (const e of env) {
      const from = e.valueFrom;
      if (from?.configMapKeyRef || from?.secretKeyRef) {
        const ref = (from.configMapKeyRef ?? from.secretKeyRef) as KeySelector;
        const where = from.configMapKeyRef ? `of config map '${ref.name}'` : `in secret '${ref.name}'`;
        w.write(
          3,
          `${e.name}:\t<set to the key '${ref.key}' ${where}>\tOptional: ${ref.optional === true}\n`,
        );
        continue;
      }
      if (from?.fieldRef) {
        w.write(3, `${e.name}:\t (v1:${from.fieldRef.fieldPath})\n`);
        continue;
      }
      if (from?.resourceFieldRef) {
        w.write(3, `${e.name}:\t${resolved?.(c, e.name) ?? ""} (${from.resourceFieldRef.resource})\n`);
        continue;
      }
      (e.value ?? "").split("\n").forEach((line, i) => {
        w.write(3, i === 0 ? `${e.name}:\t${line}\n` : `\t${line}\n`);
      });
    }
    const mounts = c.volumeMounts ?? [];
    w.write(2, `Mounts:${mounts.length === 0 ? "\t<none>" : ""}\n`);
    for (const m of [...mounts].sort((a, b) => (a.mountPath < b.mountPath ? -1 : 1))) {
      const sub = m.subPath ? `, path = "${m.subPath}"` : "";
      w.write(3, `${m.mountPath} from ${m.name} (${m.readOnly ? "ro" : "rw"}${sub})\n`);
    }
  }
}

/** DescribeProbe: the handler, then delay, timeout, period and thresholds. */
export function describeProbe(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds}s timeout=${p.timeoutSeconds}s period=${p.periodSeconds}s #success=${p.successThreshold} #failure=${p.failureThreshold}`;
  if (p.exec) return `exec [${p.exec.command.join(" ")}] ${attrs}`;
  if (p.httpGet) {
    const h = p.httpGet;
    return `http-get ${h.scheme.toLowerCase()}://${h.host ?? ""}:${h.port}${h.path} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ""}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ""} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeResources(w: DescribeWriter, c: Container, defaultRequests: boolean): void {
  const limits = c.resources?.limits ?? {};
  // The API server defaults a pod's missing requests to its limits; templates keep what was written.
  const requests = defaultRequests
    ? { ...limits, ...(c.resources?.requests ?? {}) }
    : (c.resources?.requests ?? {});
  for (const [title, list] of [
    ["Limits", limits],
    ["Requests", requests],
  ] as const) {
    const names = Object.keys(list).sort();
    if (names.length) w.write(2, `${title}:\n`);
    for (const name of names) w.write(3, `${name}:\t${canonicalQuantity(name, list[name] as string)}\n`);
  }
}

const ZERO_TIME = "Mon, 01 Jan 0001 00:00:00 +0000";

function describeState(
  w: DescribeWriter,
  title: string,
  state: ContainerState | Record<string, never>,
): void {
  if ("running" in state) {
    w.write(2, `${title}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if ("waiting" in state) {
    w.write(2, `${title}:\tWaiting\n`);
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
  } else if ("terminated" in state) {
    const t = state.terminated;
    w.write(2, `${title}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode}\n`);
    w.write(3, `Started:\t${t.startedAt === undefined ? ZERO_TIME : rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else w.write(2, `${title}:\tWaiting\n`);
}
