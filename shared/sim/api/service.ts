import type { ServicePort } from "../model/service.ts";
import { arr, compact, labelMap, num, obj, type Raw, str } from "./convert.ts";
import {
  child,
  duplicate,
  type FieldError,
  forbidden,
  goQuote,
  index,
  invalid,
  notSupported,
  required,
} from "./fielderrors.ts";
import {
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
  validateDNS1123Label,
  validateLabels,
} from "./names.ts";
import type { DecodedMeta } from "./types.ts";
import type { KindResult } from "./workloads.ts";

/** core/v1 Service: SetDefaults_Service and ValidateService (`pkg/apis/core/validation/validation.go`). */
const SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const SESSION_AFFINITIES = ["ClientIP", "None"];
const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const NODE_PORT_RANGE = [30000, 32767] as const;

type ServiceType = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";

function servicePort(v: unknown): ServicePort {
  const p = obj(v);
  const port = num(p.port) ?? 0;
  const target = p.targetPort;
  return compact({
    name: str(p.name) || undefined,
    protocol: (str(p.protocol) || "TCP") as ServicePort["protocol"],
    port,
    // targetPort defaults to port when unset, 0 or "".
    targetPort:
      target === undefined || target === null || target === 0 || target === ""
        ? port
        : (target as number | string),
    nodePort: num(p.nodePort) || undefined,
  });
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]+(%\w+)?$/;

export function isIP(text: string): boolean {
  return IPV4.test(text) || (text.includes(":") && IPV6.test(text) && text.split("::").length <= 2);
}

function goServicePort(protocol: string, port: number): { go: string } {
  return {
    go: `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  };
}

function validatePort(p: ServicePort, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(required(child(path, "name")));
  else if (p.name) {
    errs.push(...validateDNS1123Label(p.name, child(path, "name")));
    if (names.has(p.name)) errs.push(duplicate(child(path, "name"), p.name));
    else names.add(p.name);
  }
  for (const m of isValidPortNum(p.port)) errs.push(invalid(child(path, "port"), p.port, m));
  if (!PROTOCOLS.includes(p.protocol))
    errs.push(notSupported(child(path, "protocol"), p.protocol, PROTOCOLS));
  const target = p.targetPort;
  if (typeof target === "number") {
    for (const m of isValidPortNum(target)) errs.push(invalid(child(path, "targetPort"), target, m));
  } else {
    for (const m of isValidPortName(target)) errs.push(invalid(child(path, "targetPort"), target, m));
  }
  return errs;
}

export function decodeService(raw: Raw, metadata: DecodedMeta & { namespace: string }): KindResult {
  const s = obj(raw.spec);
  const type = (str(s.type) || "ClusterIP") as ServiceType;
  const selector = labelMap(s.selector);
  const spec = compact({
    type,
    selector: selector && Object.keys(selector).length ? selector : undefined,
    ports: arr(s.ports).map(servicePort),
    clusterIP: str(s.clusterIP) || undefined,
    sessionAffinity: (str(s.sessionAffinity) || "None") as "None" | "ClientIP",
  });
  const errs: FieldError[] = [];
  const headless = spec.clusterIP === "None";
  if (spec.ports.length === 0 && !headless && type !== "ExternalName") errs.push(required("spec.ports"));
  if (type === "ExternalName") {
    if (spec.clusterIP) errs.push(forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
    const cname = (str(s.externalName) ?? "").replace(/\.$/, "");
    if (!cname) errs.push(required("spec.externalName"));
    else for (const m of isDNS1123Subdomain(cname)) errs.push(invalid("spec.externalName", cname, m));
  } else if (spec.clusterIP && !headless && !isIP(spec.clusterIP)) {
    errs.push(
      invalid(
        "spec.clusterIPs[0]",
        spec.clusterIP,
        "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
      ),
    );
  }
  const names = new Set<string>();
  spec.ports.forEach((p, i) => {
    errs.push(...validatePort(p, spec.ports.length > 1, names, index("spec.ports", i)));
  });
  errs.push(...validateLabels(spec.selector, "spec.selector"));
  if (!SESSION_AFFINITIES.includes(spec.sessionAffinity)) {
    errs.push(notSupported("spec.sessionAffinity", spec.sessionAffinity, SESSION_AFFINITIES));
  }
  if (!SERVICE_TYPES.includes(type)) errs.push(notSupported("spec.type", type, SERVICE_TYPES));
  const nodePorts = new Set<string>();
  const seen = new Set<string>();
  spec.ports.forEach((p, i) => {
    const path = index("spec.ports", i);
    if (p.nodePort !== undefined) {
      if (type === "ClusterIP")
        errs.push(forbidden(child(path, "nodePort"), "may not be used when `type` is 'ClusterIP'"));
      const key = `${p.protocol}/${p.nodePort}`;
      if (nodePorts.has(key)) errs.push(duplicate(child(path, "nodePort"), p.nodePort));
      nodePorts.add(key);
    }
    const key = `${p.protocol}/${p.port}`;
    if (seen.has(key)) errs.push(duplicate(path, goServicePort(p.protocol, p.port)));
    seen.add(key);
  });
  // The REST storage allocates node ports after validation; a port outside the range fails the same create.
  spec.ports.forEach((p, i) => {
    const [lo, hi] = NODE_PORT_RANGE;
    if (p.nodePort !== undefined && type !== "ClusterIP" && (p.nodePort < lo || p.nodePort > hi)) {
      errs.push(
        invalid(
          child(index("spec.ports", i), "nodePort"),
          p.nodePort,
          `provided port is not in the valid range. The range of valid ports is ${lo}-${hi}`,
        ),
      );
    }
  });
  return { object: { kind: "Service", metadata, spec }, errors: errs, notSimulated: [] };
}
