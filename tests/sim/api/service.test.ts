import { describe, expect, it } from "vitest";
import { isIP } from "../../../shared/sim/api/service.ts";
import { decodeOk, errorsOf } from "./helpers.ts";

function serviceManifest(spec: Record<string, unknown> = {}, name = "web") {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name },
    spec: { selector: { app: "web" }, ports: [{ port: 80 }], ...spec },
  };
}

describe("Service defaults (SetDefaults_Service)", () => {
  it("defaults type, protocol, targetPort and session affinity", () => {
    expect(decodeOk(serviceManifest()).object).toEqual({
      kind: "Service",
      metadata: { name: "web", namespace: "default", labels: {}, annotations: {} },
      spec: {
        type: "ClusterIP",
        selector: { app: "web" },
        ports: [{ protocol: "TCP", port: 80, targetPort: 80 }],
        sessionAffinity: "None",
      },
    });
  });

  it("keeps named target ports, node ports and a headless clusterIP", () => {
    const { object } = decodeOk(
      serviceManifest({
        type: "NodePort",
        clusterIP: "None",
        ports: [
          { name: "http", port: 80, targetPort: "http", nodePort: 30080 },
          { name: "dns", port: 53, protocol: "UDP", targetPort: 0 },
        ],
      }),
    );
    expect(object.kind === "Service" && object.spec).toEqual({
      type: "NodePort",
      selector: { app: "web" },
      clusterIP: "None",
      sessionAffinity: "None",
      ports: [
        { name: "http", protocol: "TCP", port: 80, targetPort: "http", nodePort: 30080 },
        { name: "dns", protocol: "UDP", port: 53, targetPort: 53 },
      ],
    });
  });

  it("reports what it does not simulate", () => {
    const { notSimulated } = decodeOk(
      serviceManifest({
        externalTrafficPolicy: "Local",
        type: "LoadBalancer",
        ipFamilies: ["IPv4"],
        internalTrafficPolicy: "Cluster",
      }),
    );
    expect(notSimulated).toEqual(["spec.externalTrafficPolicy"]);
  });
});

describe("Service validation", () => {
  it.each([
    [
      "name must be a DNS-1035 label",
      serviceManifest({}, "1web"),
      [
        `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      ],
    ],
    ["no ports", serviceManifest({ ports: [] }), ["spec.ports: Required value"]],
    [
      "type",
      serviceManifest({ type: "Public" }),
      [
        'spec.type: Unsupported value: "Public": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      ],
    ],
    [
      "session affinity",
      serviceManifest({ sessionAffinity: "Sticky" }),
      ['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"'],
    ],
    [
      "port range",
      serviceManifest({ ports: [{ port: 0 }] }),
      [
        "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
        // targetPort defaulted to the (bad) port, so it fails too, as on a real server.
        "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
      ],
    ],
    [
      "names required with several ports",
      serviceManifest({ ports: [{ port: 80 }, { port: 443 }] }),
      ["spec.ports[0].name: Required value", "spec.ports[1].name: Required value"],
    ],
    [
      "duplicate port",
      serviceManifest({
        ports: [
          { name: "a", port: 80 },
          { name: "b", port: 80 },
        ],
      }),
      [
        'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
      ],
    ],
    [
      "node port on a ClusterIP service",
      serviceManifest({ ports: [{ port: 80, nodePort: 30080 }] }),
      ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    ],
    [
      "node port outside the range",
      serviceManifest({ type: "NodePort", ports: [{ port: 80, nodePort: 8080 }] }),
      [
        "spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767",
      ],
    ],
    [
      "target port name",
      serviceManifest({ ports: [{ port: 80, targetPort: "HTTP_PORT" }] }),
      [
        'spec.ports[0].targetPort: Invalid value: "HTTP_PORT": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'spec.ports[0].targetPort: Invalid value: "HTTP_PORT": must contain at least one letter (a-z)',
      ],
    ],
    [
      "protocol",
      serviceManifest({ ports: [{ port: 80, protocol: "tcp" }] }),
      ['spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"'],
    ],
    [
      "cluster IP",
      serviceManifest({ clusterIP: "10.0.0.300" }),
      [
        'spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      ],
    ],
    [
      "ExternalName needs a name",
      serviceManifest({ type: "ExternalName", ports: [] }),
      ["spec.externalName: Required value"],
    ],
  ])("%s", (_, manifest, messages) => {
    expect(errorsOf(manifest)).toEqual(messages);
  });

  it.each([
    ["10.96.0.1", true],
    ["2001:db8::ffff", true],
    ["256.1.1.1", false],
    ["web", false],
  ])("isIP(%s)", (text, ok) => {
    expect(isIP(text)).toBe(ok);
  });
});
