import { describe, expect, it } from "vitest";
import {
  kubeletSeat,
  kubeProxySeat,
  nodeOf,
  nodeSeats,
  ROLES,
  roleOf,
} from "../../../shared/sim/model/seat.ts";

/** Seat ids are built and read in one place: the role and the node of each. */
describe("seat ids", () => {
  it.each([
    ["scheduler", "scheduler", undefined],
    ["controller-manager", "controller-manager", undefined],
    ["user", "user", undefined],
    ["instructor", "instructor", undefined],
    ["scenario", "scenario", undefined],
    ["kubelet:worker-1", "kubelet", "worker-1"],
    ["kube-proxy:ip-10-0-1-2.ec2.internal", "kube-proxy", "ip-10-0-1-2.ec2.internal"],
    ["kubelet", undefined, undefined],
    ["kubelet:", undefined, undefined],
    ["scheduler:worker-1", undefined, undefined],
    ["constructor", undefined, undefined],
  ])("%s: role %s, node %s", (seat, role, node) => {
    expect(roleOf(seat)).toBe(role);
    expect(nodeOf(seat)).toBe(node);
  });

  it("builds the node agents' seats", () => {
    expect(kubeletSeat("w")).toBe("kubelet:w");
    expect(kubeProxySeat("w")).toBe("kube-proxy:w");
    expect(nodeSeats("w")).toEqual(["kubelet:w", "kube-proxy:w"]);
    for (const seat of nodeSeats("w")) expect(ROLES).toContain(roleOf(seat));
  });
});
