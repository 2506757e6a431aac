import { describe, expect, it } from "vitest";
import type { PodSpec } from "../../../shared/sim/model/pod.ts";
import { decodeOk, errorsOf, podManifest } from "./helpers.ts";

function specOf(manifest: unknown): PodSpec {
  const { object } = decodeOk(manifest);
  if (object.kind !== "Pod") throw new Error(`expected a Pod, got ${object.kind}`);
  return object.spec;
}

describe("Pod defaults (SetDefaults_Pod, SetDefaults_PodSpec, SetDefaults_Container)", () => {
  it("fills every defaulted field of a minimal Pod", () => {
    expect(decodeOk(podManifest()).object).toEqual({
      kind: "Pod",
      metadata: { name: "web", namespace: "default", labels: {}, annotations: {} },
      spec: {
        containers: [{ name: "web", image: "nginx:1.27", imagePullPolicy: "IfNotPresent" }],
        tolerations: [],
        restartPolicy: "Always",
        imagePullSecrets: [],
        priority: 0,
        schedulerName: "default-scheduler",
        terminationGracePeriodSeconds: 30,
      },
    });
  });

  it.each([
    ["nginx", "Always"],
    ["nginx:latest", "Always"],
    ["nginx:1.27", "IfNotPresent"],
    ["registry.local:5000/shop/web", "Always"],
    ["registry.local:5000/shop/web:2.1", "IfNotPresent"],
    [`nginx@sha256:${"a".repeat(64)}`, "IfNotPresent"],
  ])("image %s pulls %s by default", (image, policy) => {
    expect(specOf(podManifest({ containers: [{ name: "c", image }] })).containers[0]?.imagePullPolicy).toBe(
      policy,
    );
  });

  it("keeps an explicit pull policy", () => {
    const spec = specOf(
      podManifest({ containers: [{ name: "c", image: "nginx", imagePullPolicy: "Never" }] }),
    );
    expect(spec.containers[0]?.imagePullPolicy).toBe("Never");
  });

  it("defaults container port protocols to TCP and keeps what was written", () => {
    const spec = specOf(
      podManifest({
        containers: [
          {
            name: "c",
            image: "x",
            ports: [
              { containerPort: 80, name: "http" },
              { containerPort: 53, protocol: "UDP" },
            ],
          },
        ],
      }),
    );
    expect(spec.containers[0]?.ports).toEqual([
      { name: "http", containerPort: 80, protocol: "TCP" },
      { containerPort: 53, protocol: "UDP" },
    ]);
  });

  it("requests default to limits, resource by resource, strings kept as written", () => {
    const spec = specOf(
      podManifest({
        containers: [
          {
            name: "c",
            image: "x",
            resources: { requests: { cpu: "250m" }, limits: { cpu: "1", memory: "512Mi" } },
          },
        ],
      }),
    );
    expect(spec.containers[0]?.resources).toEqual({
      requests: { cpu: "250m", memory: "512Mi" },
      limits: { cpu: "1", memory: "512Mi" },
    });
  });

  it("keeps scheduling fields as the model wants them", () => {
    const spec = specOf(
      podManifest({
        nodeName: "worker-1",
        nodeSelector: { disktype: "ssd" },
        tolerations: [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: "zone", operator: "In", values: ["a", "b"] }] },
              ],
            },
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 50, preference: { matchExpressions: [{ key: "ssd", operator: "Exists" }] } },
            ],
          },
        },
        imagePullSecrets: [{ name: "regcred" }],
        restartPolicy: "OnFailure",
        schedulerName: "my-scheduler",
        terminationGracePeriodSeconds: 5,
        priority: 100,
      }),
    );
    expect(spec).toEqual({
      containers: [{ name: "web", image: "nginx:1.27", imagePullPolicy: "IfNotPresent" }],
      nodeName: "worker-1",
      nodeSelector: { disktype: "ssd" },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a", "b"] }] }],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 50, preference: { matchExpressions: [{ key: "ssd", operator: "Exists" }] } },
          ],
        },
      },
      tolerations: [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }],
      restartPolicy: "OnFailure",
      imagePullSecrets: [{ name: "regcred" }],
      priority: 100,
      schedulerName: "my-scheduler",
      terminationGracePeriodSeconds: 5,
    });
  });

  it("keeps command, args and env", () => {
    const spec = specOf(
      podManifest({
        containers: [
          {
            name: "c",
            image: "busybox",
            command: ["sh", "-c"],
            args: ["sleep 10"],
            env: [{ name: "A", value: "1" }],
          },
        ],
      }),
    );
    expect(spec.containers[0]).toEqual({
      name: "c",
      image: "busybox",
      command: ["sh", "-c"],
      args: ["sleep 10"],
      env: [{ name: "A", value: "1" }],
      imagePullPolicy: "Always",
    });
  });
});

const c = (extra: Record<string, unknown>) => ({ name: "web", image: "nginx", ...extra });

describe("Pod validation (ValidatePodSpec), with the API server's wording", () => {
  it.each([
    ["no containers", { containers: [] }, ["spec.containers: Required value"]],
    ["containers missing", { containers: undefined }, ["spec.containers: Required value"]],
    ["no image", { containers: [{ name: "web" }] }, ["spec.containers[0].image: Required value"]],
    ["no name", { containers: [{ image: "nginx" }] }, ["spec.containers[0].name: Required value"]],
    [
      "bad container name",
      { containers: [c({ name: "Web_1" })] },
      [
        `spec.containers[0].name: Invalid value: "Web_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      ],
    ],
    [
      "duplicate container names",
      { containers: [c({}), c({})] },
      ['spec.containers[1].name: Duplicate value: "web"'],
    ],
    [
      "init container named like a container",
      { initContainers: [c({})] },
      ['spec.initContainers[0].name: Duplicate value: "web"'],
    ],
    [
      "restart policy",
      { restartPolicy: "Sometimes" },
      [
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      ],
    ],
    [
      "pull policy",
      { containers: [c({ imagePullPolicy: "Sometimes" })] },
      [
        'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      ],
    ],
    [
      "dns policy",
      { dnsPolicy: "Google" },
      [
        'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
      ],
    ],
    [
      "port out of range",
      { containers: [c({ ports: [{ containerPort: 70000 }] })] },
      [
        "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
      ],
    ],
    [
      "port missing",
      { containers: [c({ ports: [{ name: "http" }] })] },
      ["spec.containers[0].ports[0].containerPort: Required value"],
    ],
    [
      "port protocol",
      { containers: [c({ ports: [{ containerPort: 80, protocol: "HTTP" }] })] },
      [
        'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      ],
    ],
    [
      "duplicate port names",
      {
        containers: [
          c({
            ports: [
              { name: "http", containerPort: 80 },
              { name: "http", containerPort: 81 },
            ],
          }),
        ],
      },
      ['spec.containers[0].ports[1].name: Duplicate value: "http"'],
    ],
    [
      "env name",
      { containers: [c({ env: [{ name: "A=B", value: "x" }] })] },
      [
        `spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
      ],
    ],
    [
      "request above limit",
      { containers: [c({ resources: { requests: { cpu: "2" }, limits: { cpu: "1" } } })] },
      [
        'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
      ],
    ],
    [
      "taint effect in a toleration",
      { tolerations: [{ key: "k", operator: "Exists", effect: "NoRun" }] },
      [
        'spec.tolerations[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      ],
    ],
    [
      "toleration operator",
      { tolerations: [{ key: "k", operator: "Matches", value: "v" }] },
      ['spec.tolerations[0].operator: Unsupported value: "Matches": supported values: "Equal", "Exists"'],
    ],
    [
      "toleration with no key must be Exists",
      { tolerations: [{ operator: "Equal", value: "v" }] },
      [
        'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      ],
    ],
    [
      "tolerationSeconds needs NoExecute",
      { tolerations: [{ key: "k", operator: "Exists", effect: "NoSchedule", tolerationSeconds: 60 }] },
      [
        `spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be 'NoExecute' when \`tolerationSeconds\` is set`,
      ],
    ],
    [
      "bad node selector value",
      { nodeSelector: { disk: "fast ssd" } },
      [
        expect.stringMatching(
          /^spec\.nodeSelector: Invalid value: "fast ssd": a valid label must be an empty string/,
        ),
      ],
    ],
    [
      "node affinity In without values",
      {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In" }] }],
            },
          },
        },
      },
      [
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      ],
    ],
    [
      "node affinity weight",
      {
        affinity: {
          nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }] },
        },
      },
      [
        "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100",
      ],
    ],
    [
      "node affinity without terms",
      {
        affinity: {
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } },
        },
      },
      [
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term",
      ],
    ],
    [
      "volume mount of a volume that does not exist",
      { containers: [c({ volumeMounts: [{ name: "data", mountPath: "/data" }] })] },
      ['spec.containers[0].volumeMounts[0].name: Not found: "data"'],
    ],
    [
      "volume without a source",
      { volumes: [{ name: "data" }] },
      ["spec.volumes[0]: Required value: must specify a volume type"],
    ],
    [
      "duplicate volumes",
      {
        volumes: [
          { name: "d", emptyDir: {} },
          { name: "d", emptyDir: {} },
        ],
      },
      ['spec.volumes[1].name: Duplicate value: "d"'],
    ],
    [
      "ephemeral containers on create",
      { ephemeralContainers: [{ name: "debug", image: "busybox" }] },
      ["spec.ephemeralContainers: Forbidden: cannot be set on create"],
    ],
    [
      "node name",
      { nodeName: "Worker_1" },
      [expect.stringMatching(/^spec\.nodeName: Invalid value: "Worker_1": a lowercase RFC 1123 subdomain/)],
    ],
  ])("%s", (_, spec, messages) => {
    expect(errorsOf(podManifest(spec))).toEqual(messages);
  });

  it("collects every error, not just the first, in the API server's order", () => {
    const manifest = podManifest(
      {
        restartPolicy: "Sometimes",
        containers: [{ name: "web" }, { name: "web", image: "x", imagePullPolicy: "Maybe" }],
      },
      { name: "Web_1" },
    );
    expect(errorsOf(manifest).map((m) => m.slice(0, m.indexOf(":")))).toEqual([
      "metadata.name",
      "spec.containers[0].image",
      "spec.containers[1].imagePullPolicy",
      "spec.containers[1].name",
      "spec.restartPolicy",
    ]);
  });
});
