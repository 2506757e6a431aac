import { describe, expect, it } from "vitest";
import { compareRules } from "../../client/roles/kubeProxy.ts";

/** The kube-proxy panel compares IP sets: what the node's rules hold against the ready endpoints. */
describe("kube-proxy rules against the endpoints", () => {
  it("in step: every backend is a ready endpoint and every ready endpoint a backend, in any order", () => {
    expect(compareRules(["10.244.1.9", "10.244.1.10"], ["10.244.1.10", "10.244.1.9"])).toEqual({
      matching: ["10.244.1.9", "10.244.1.10"],
      stale: [],
      missing: [],
    });
  });

  it("a backend whose pod left the endpoints is stale; a new ready pod is missing, even at the same count", () => {
    const cmp = compareRules(["10.244.1.3", "10.244.2.4"], ["10.244.2.4", "10.244.3.7"]);
    expect(cmp).toEqual({ matching: ["10.244.2.4"], stale: ["10.244.1.3"], missing: ["10.244.3.7"] });
  });

  it("no rules yet: every ready endpoint is missing; no endpoints: every backend is stale", () => {
    expect(compareRules([], ["10.244.1.2"]).missing).toEqual(["10.244.1.2"]);
    expect(compareRules(["10.244.1.2", "10.244.1.11"], []).stale).toEqual(["10.244.1.2", "10.244.1.11"]);
  });
});
