import type { Container, Probe } from "../../model/pod.ts";
import { child, type FieldError, forbidden, invalid, notSupported, required } from "../fielderrors.ts";
import { isValidPortName, isValidPortNum } from "../names.ts";

/**
 * validateProbe and the probe rules of validateContainers (`pkg/apis/core/validation/validation.go`):
 * one handler, non-negative timing, successThreshold 1 for liveness and startup probes, and no probes
 * on an init container unless it is a sidecar (restartPolicy: Always).
 */
const NON_NEGATIVE = "must be greater than or equal to 0";
const NO_PROBES_ON_INIT = "may not be set for init containers without restartPolicy=Always";

function validatePort(port: number | string, path: string): FieldError[] {
  if (typeof port === "number") return isValidPortNum(port).map((m) => invalid(path, port, m));
  return isValidPortName(port).map((m) => invalid(path, port, m));
}

function validateHandler(p: Probe, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let handlers = 0;
  const one = (name: string, check: () => FieldError[]) => {
    if (handlers > 0) errs.push(forbidden(child(path, name), "may not specify more than 1 handler type"));
    else {
      handlers++;
      errs.push(...check());
    }
  };
  if (p.exec) {
    const command = p.exec.command;
    one("exec", () => (command.length === 0 ? [required(child(child(path, "exec"), "command"))] : []));
  }
  if (p.httpGet) {
    const http = p.httpGet;
    one("httpGet", () => [
      ...validatePort(http.port, child(child(path, "httpGet"), "port")),
      ...(["HTTP", "HTTPS"].includes(http.scheme)
        ? []
        : [notSupported(child(child(path, "httpGet"), "scheme"), http.scheme, ["HTTP", "HTTPS"])]),
    ]);
  }
  if (p.tcpSocket) {
    const tcp = p.tcpSocket;
    one("tcpSocket", () => validatePort(tcp.port, child(child(path, "tcpSocket"), "port")));
  }
  if (p.grpc) {
    const grpc = p.grpc;
    one("grpc", () => validatePort(grpc.port, child(child(path, "grpc"), "port")));
  }
  if (handlers === 0) errs.push(required(path, "must specify a handler type"));
  return errs;
}

function validateProbe(p: Probe, path: string): FieldError[] {
  const errs = validateHandler(p, path);
  for (const f of [
    "initialDelaySeconds",
    "timeoutSeconds",
    "periodSeconds",
    "successThreshold",
    "failureThreshold",
  ] as const) {
    if (p[f] < 0) errs.push(invalid(child(path, f), p[f], NON_NEGATIVE));
  }
  const grace = p.terminationGracePeriodSeconds;
  if (grace !== undefined && grace <= 0)
    errs.push(invalid(child(path, "terminationGracePeriodSeconds"), grace, "must be greater than 0"));
  return errs;
}

/** The probes of one container; `init` for init containers (which may have them only as sidecars). */
export function validateContainerProbes(
  c: Container & { restartPolicy?: string },
  path: string,
  init: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  const sidecar = init && c.restartPolicy === "Always";
  for (const type of ["livenessProbe", "readinessProbe", "startupProbe"] as const) {
    const p = c[type];
    if (!p) continue;
    if (init && !sidecar) {
      errs.push(forbidden(child(path, type), NO_PROBES_ON_INIT));
      continue;
    }
    errs.push(...validateProbe(p, child(path, type)));
    if (type !== "readinessProbe" && p.successThreshold !== 1)
      errs.push(invalid(child(child(path, type), "successThreshold"), p.successThreshold, "must be 1"));
  }
  return errs;
}

/** The container-level restartPolicy: only "Always", and only on init containers (sidecars). */
export function validateContainerRestartPolicy(
  c: Container & { restartPolicy?: string },
  path: string,
  init: boolean,
): FieldError[] {
  if (c.restartPolicy === undefined) return [];
  if (!init) return [forbidden(child(path, "restartPolicy"), "may not be set for non-init containers")];
  if (c.restartPolicy !== "Always")
    return [notSupported(child(path, "restartPolicy"), c.restartPolicy, ["Always"])];
  return [];
}
