import { describe, expect, it } from "vitest";
import { Gi, Mi } from "../../../shared/sim/quantity.ts";
import {
  addPod,
  newNodeInfo,
  normalizedImageName,
  podNonZeroRequests,
  removePod,
} from "../../../shared/sim/scheduler/nodeinfo.ts";
import { makeNode, makePod } from "./fixtures.ts";

describe("NodeInfo", () => {
  it("normalises the node's image names and keeps their sizes", () => {
    const info = newNodeInfo(
      makeNode("n1", {
        images: [
          { names: ["docker.io/library/nginx:latest", `nginx@sha256:${"a".repeat(64)}`], sizeBytes: 70 * Mi },
          { names: ["redis:7"], sizeBytes: 40 * Mi },
        ],
      }),
    );
    expect(info.images.get("docker.io/library/nginx:latest")).toBe(70 * Mi);
    expect(info.images.get("docker.io/library/redis:7")).toBe(40 * Mi);
    expect(info.images.get(`docker.io/library/nginx@sha256:${"a".repeat(64)}`)).toBe(70 * Mi);
    expect(info.images.size).toBe(3);
  });

  it.each([
    ["nginx", "docker.io/library/nginx:latest"],
    ["nginx:1.27", "docker.io/library/nginx:1.27"],
    ["ghcr.io/acme/api", "ghcr.io/acme/api:latest"],
    ["localhost:5000/app", "localhost:5000/app:latest"],
    ["Not Valid", "Not Valid:latest"],
  ])("normalizedImageName(%s) = %s", (image, expected) => {
    expect(normalizedImageName(image)).toBe(expected);
  });

  it.each([
    { name: "requests set", containers: [{ cpu: "250m", memory: "64Mi" }], cpu: 250, memory: 64 * Mi },
    { name: "nothing requested", containers: [{}], cpu: 100, memory: 200 * Mi },
    { name: "only cpu requested", containers: [{ cpu: "1" }], cpu: 1000, memory: 200 * Mi },
    { name: "explicit zero stays zero", containers: [{ cpu: "0", memory: "0" }], cpu: 0, memory: 0 },
    {
      name: "two containers, one empty",
      containers: [{ cpu: "500m", memory: "1Gi" }, {}],
      cpu: 600,
      memory: Gi + 200 * Mi,
    },
  ])("non-zero requests: $name", ({ containers, cpu, memory }) => {
    expect(podNonZeroRequests(makePod("p", { containers }))).toEqual({ cpu, memory });
  });

  it("adds requests, non-zero requests, pod count and host ports", () => {
    const info = newNodeInfo(makeNode("n1"));
    addPod(
      info,
      makePod("a", {
        nodeName: "n1",
        containers: [{ cpu: "500m", memory: "1Gi", ports: [{ containerPort: 80, hostPort: 8080 }] }],
      }),
    );
    addPod(
      info,
      makePod("b", {
        nodeName: "n1",
        containers: [{ ports: [{ containerPort: 53, hostPort: 53, protocol: "UDP" }] }],
      }),
    );
    expect(info.requested).toEqual({ cpu: 500, memory: Gi, pods: 2 });
    expect(info.nonZeroRequested).toEqual({ cpu: 600, memory: Gi + 200 * Mi });
    expect([...info.usedPorts].sort()).toEqual(["TCP/8080", "UDP/53"]);
  });

  it("is symmetric: removing every added pod restores the empty node", () => {
    const info = newNodeInfo(makeNode("n1"));
    const pods = [
      makePod("a", { nodeName: "n1", cpu: "1", memory: "2Gi" }),
      makePod("b", { nodeName: "n1" }),
      makePod("c", {
        nodeName: "n1",
        containers: [{ cpu: "300m", ports: [{ containerPort: 80, hostPort: 80 }] }, {}],
      }),
    ];
    for (const pod of pods) addPod(info, pod);
    expect(info.requested.pods).toBe(3);
    for (const pod of [...pods].reverse()) removePod(info, pod);
    expect(info.requested).toEqual({ cpu: 0, memory: 0, pods: 0 });
    expect(info.nonZeroRequested).toEqual({ cpu: 0, memory: 0 });
    expect(info.usedPorts.size).toBe(0);
  });

  it("ignores a second add and a remove of a pod it never counted", () => {
    const info = newNodeInfo(makeNode("n1"));
    const pod = makePod("a", { nodeName: "n1", cpu: "1" });
    addPod(info, pod);
    addPod(info, pod);
    expect(info.requested).toEqual({ cpu: 1000, memory: 0, pods: 1 });
    removePod(info, makePod("stranger", { nodeName: "n1", cpu: "2" }));
    expect(info.requested).toEqual({ cpu: 1000, memory: 0, pods: 1 });
    removePod(info, pod);
    removePod(info, pod);
    expect(info.requested).toEqual({ cpu: 0, memory: 0, pods: 0 });
  });

  it("keeps a host port in use while another pod still holds it", () => {
    const info = newNodeInfo(makeNode("n1"));
    const port = [{ containerPort: 80, hostPort: 80 }];
    const a = makePod("a", { nodeName: "n1", containers: [{ ports: port }] });
    const b = makePod("b", { nodeName: "n1", containers: [{ ports: port }] });
    addPod(info, a);
    addPod(info, b);
    removePod(info, a);
    expect(info.usedPorts.has("TCP/80")).toBe(true);
    removePod(info, b);
    expect(info.usedPorts.has("TCP/80")).toBe(false);
  });
});
