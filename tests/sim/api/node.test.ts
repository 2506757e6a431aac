import { describe, expect, it } from "vitest";
import type { DecodedObject } from "../../../shared/sim/api/decode.ts";
import { Gi } from "../../../shared/sim/quantity.ts";
import { decodeOk, errorsOf } from "./helpers.ts";

type DecodedNode = Extract<DecodedObject, { kind: "Node" }>;

function nodeManifest(
  metadata: Record<string, unknown> = {},
  spec: Record<string, unknown> = {},
  status?: Record<string, unknown>,
) {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: "worker-1", ...metadata },
    spec,
    ...(status ? { status } : {}),
  };
}

function node(manifest: unknown): DecodedNode {
  const { object } = decodeOk(manifest);
  if (object.kind !== "Node") throw new Error(`expected a Node, got ${object.kind}`);
  return object;
}

describe("Node decoding", () => {
  it("decodes a bare node with defaults and no machine hints", () => {
    expect(node(nodeManifest())).toEqual({
      kind: "Node",
      metadata: { name: "worker-1", labels: {}, annotations: {} },
      spec: { unschedulable: false, taints: [] },
      machine: {},
    });
  });

  it("parses capacity and allocatable: cpu in millicores, memory in bytes, others reported", () => {
    const n = node(
      nodeManifest(
        {},
        {},
        {
          capacity: {
            cpu: "4",
            memory: "16Gi",
            pods: "110",
            "ephemeral-storage": "100Gi",
            "hugepages-2Mi": "0",
          },
          allocatable: { cpu: "3920m", memory: "15Gi" },
        },
      ),
    );
    expect(n.capacity).toEqual({ cpu: 4000, memory: 16 * Gi, pods: 110 });
    expect(n.allocatable).toEqual({ cpu: 3920, memory: 15 * Gi });
    expect(
      decodeOk(nodeManifest({}, {}, { capacity: { cpu: 2, "ephemeral-storage": "1Gi" } })).notSimulated,
    ).toEqual(["status.capacity[ephemeral-storage]"]);
  });

  it("keeps spec fields and images", () => {
    const n = node(
      nodeManifest(
        {},
        {
          unschedulable: true,
          taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }],
          providerID: "gce://proj/us-central1-a/worker-1",
          podCIDR: "10.244.1.0/24",
        },
        { images: [{ names: ["docker.io/library/nginx:1.27"], sizeBytes: 72_000_000 }] },
      ),
    );
    expect(n.spec).toEqual({
      unschedulable: true,
      taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }],
      providerID: "gce://proj/us-central1-a/worker-1",
      podCIDR: "10.244.1.0/24",
    });
    expect(n.images).toEqual([{ names: ["docker.io/library/nginx:1.27"], sizeBytes: 72_000_000 }]);
    expect(n.machine).toEqual({ provider: "gcp" });
  });

  it.each([
    [
      "instance type and region from well-known labels",
      nodeManifest({
        labels: {
          "node.kubernetes.io/instance-type": "m5.large",
          "topology.kubernetes.io/region": "eu-west-1",
        },
      }),
      {
        provider: "aws",
        instanceType: "m5.large",
        region: "eu-west-1",
        bandwidth: 1_250_000_000,
        pricePerHour: 0.096,
      },
    ],
    [
      "provider from providerID",
      nodeManifest({}, { providerID: "azure:///subscriptions/x/virtualMachines/worker-1" }),
      { provider: "azure" },
    ],
    [
      "provider and runtime hints",
      nodeManifest({
        labels: { "kubeclass.dev/provider": "local" },
        annotations: { "kubeclass.dev/runtime": "podman" },
      }),
      { provider: "local", runtime: "podman" },
    ],
    [
      "runtime from containerRuntimeVersion",
      nodeManifest(
        {},
        {},
        { nodeInfo: { containerRuntimeVersion: "docker://27.3.1", kubeletVersion: "v1.31.4" } },
      ),
      { runtime: "docker" },
    ],
    [
      "CRI-O plays the podman runtime",
      nodeManifest({}, {}, { nodeInfo: { containerRuntimeVersion: "cri-o://1.31.3" } }),
      { runtime: "podman" },
    ],
    [
      "beta instance-type label with a provider",
      nodeManifest(
        { labels: { "beta.kubernetes.io/instance-type": "e2-medium" } },
        { providerID: "gce://p/z/n" },
      ),
      { provider: "gcp", instanceType: "e2-medium", bandwidth: 500_000_000, pricePerHour: 0.0335 },
    ],
  ])("machine: %s", (_, manifest, machine) => {
    expect(node(manifest).machine).toEqual(machine);
  });

  it.each([
    [
      "unknown provider",
      nodeManifest({ labels: { "kubeclass.dev/provider": "ibm" } }),
      [
        'metadata.labels[kubeclass.dev/provider]: Unsupported value: "ibm": supported values: "local", "aws", "gcp", "azure"',
      ],
    ],
    [
      "instance type of another provider",
      nodeManifest(
        { labels: { "node.kubernetes.io/instance-type": "e2-medium" } },
        { providerID: "aws:///us-east-1a/i-1" },
      ),
      [
        'metadata.labels[node.kubernetes.io/instance-type]: Unsupported value: "e2-medium": supported values: "t3.medium", "m5.large", "m5.xlarge", "c5.2xlarge"',
      ],
    ],
    [
      "provider hint contradicting providerID",
      nodeManifest(
        { annotations: { "kubeclass.dev/provider": "gcp" } },
        { providerID: "aws:///us-east-1a/i-1" },
      ),
      [
        'metadata.annotations[kubeclass.dev/provider]: Invalid value: "gcp": does not match spec.providerID "aws:///us-east-1a/i-1"',
      ],
    ],
    [
      "unknown runtime",
      nodeManifest({ labels: { "kubeclass.dev/runtime": "rkt" } }),
      [
        'metadata.labels[kubeclass.dev/runtime]: Unsupported value: "rkt": supported values: "containerd", "docker", "podman"',
      ],
    ],
    [
      "unknown runtime scheme",
      nodeManifest({}, {}, { nodeInfo: { containerRuntimeVersion: "rkt://1.30" } }),
      [
        'status.nodeInfo.containerRuntimeVersion: Unsupported value: "rkt://1.30": supported values: "containerd://", "docker://", "cri-o://"',
      ],
    ],
    [
      "taint effect",
      nodeManifest({}, { taints: [{ key: "k", effect: "NoRun" }] }),
      [
        'spec.taints[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      ],
    ],
    [
      "taint without effect",
      nodeManifest({}, { taints: [{ key: "k" }] }),
      ["spec.taints[0].effect: Required value"],
    ],
    [
      "duplicate taints",
      nodeManifest(
        {},
        {
          taints: [
            { key: "k", effect: "NoSchedule" },
            { key: "k", value: "v", effect: "NoSchedule" },
          ],
        },
      ),
      [
        'spec.taints[1]: Duplicate value: core.Taint{Key:"k", Value:"v", Effect:"NoSchedule", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair',
      ],
    ],
    [
      "negative capacity",
      nodeManifest({}, {}, { capacity: { cpu: "-1" } }),
      ['status.capacity.cpu: Invalid value: "-1": must be greater than or equal to 0'],
    ],
    [
      "fractional pods",
      nodeManifest({}, {}, { capacity: { pods: "1.5" } }),
      ["status.capacity.pods: Invalid value: 1500m: must be an integer"],
    ],
    [
      "name",
      nodeManifest({ name: "Worker_1" }),
      [expect.stringMatching(/^metadata\.name: Invalid value: "Worker_1": a lowercase RFC 1123 subdomain/)],
    ],
  ])("invalid: %s", (_, manifest, messages) => {
    expect(errorsOf(manifest)).toEqual(messages);
  });
});

describe("Namespace", () => {
  it("decodes labels and annotations", () => {
    expect(
      decodeOk({ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop", labels: { team: "a" } } })
        .object,
    ).toEqual({
      kind: "Namespace",
      metadata: { name: "shop", labels: { team: "a" }, annotations: {} },
    });
  });
});
