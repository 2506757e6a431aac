import type { Probe } from "../model/pod.ts";
import { compact, num, obj, str, strings } from "./convert.ts";
import { isPlainObject } from "./schema.ts";

/**
 * A container's probe as the API server stores it: one handler, and the timing fields defaulted
 * (SetDefaults_Probe: timeout 1 s, period 10 s, success 1, failure 3; SetDefaults_HTTPGetAction:
 * path "/", scheme HTTP). A zero is a default too, as Go cannot tell 0 from unset.
 */
export function probe(v: unknown): Probe | undefined {
  if (!isPlainObject(v)) return undefined;
  const p = obj(v);
  const port = (x: unknown): number | string => (typeof x === "number" || typeof x === "string" ? x : 0);
  const exec = isPlainObject(p.exec) ? { command: strings(p.exec.command) ?? [] } : undefined;
  const http = isPlainObject(p.httpGet) ? obj(p.httpGet) : undefined;
  const httpGet = http
    ? compact({
        path: str(http.path) || "/",
        port: port(http.port),
        host: str(http.host) || undefined,
        scheme: (str(http.scheme) || "HTTP") as "HTTP" | "HTTPS",
        httpHeaders: Array.isArray(http.httpHeaders)
          ? http.httpHeaders.map((h) => ({ name: str(obj(h).name) ?? "", value: str(obj(h).value) ?? "" }))
          : undefined,
      })
    : undefined;
  const tcp = isPlainObject(p.tcpSocket) ? obj(p.tcpSocket) : undefined;
  const tcpSocket = tcp ? compact({ port: port(tcp.port), host: str(tcp.host) || undefined }) : undefined;
  const g = isPlainObject(p.grpc) ? obj(p.grpc) : undefined;
  const grpc = g ? compact({ port: num(g.port) ?? 0, service: str(g.service) }) : undefined;
  return compact({
    exec,
    httpGet,
    tcpSocket,
    grpc,
    initialDelaySeconds: num(p.initialDelaySeconds) ?? 0,
    timeoutSeconds: num(p.timeoutSeconds) || 1,
    periodSeconds: num(p.periodSeconds) || 10,
    successThreshold: num(p.successThreshold) || 1,
    failureThreshold: num(p.failureThreshold) || 3,
    terminationGracePeriodSeconds: num(p.terminationGracePeriodSeconds),
  });
}
