import { describe, expect, it } from "vitest";
import {
  canonicalQuantity,
  compareQuantities,
  validateResourceRequirements,
} from "../../../shared/sim/api/resources.ts";

describe("canonicalQuantity (Quantity.String)", () => {
  it.each([
    ["1", "1"],
    ["2000m", "2"],
    ["1.5", "1500m"],
    ["0.1", "100m"],
    ["500m", "500m"],
    ["1000", "1k"],
    ["1024Mi", "1Gi"],
    ["1.5Gi", "1536Mi"],
    ["512Mi", "512Mi"],
    ["1G", "1G"],
    ["1000M", "1G"],
    ["128974848", "128974848"],
    ["1e3", "1e3"],
    ["0", "0"],
    ["-1", "-1"],
    ["0.5Ki", "512"],
  ])("%s -> %s", (input, output) => {
    expect(canonicalQuantity(input)).toBe(output);
  });
});

describe("compareQuantities", () => {
  it.each([
    ["1", "1000m", 0],
    ["2", "1", 1],
    ["500m", "1", -1],
    ["1Gi", "1G", 1],
    ["1Mi", "1048576", 0],
  ])("%s vs %s", (a, b, cmp) => {
    expect(compareQuantities(a, b)).toBe(cmp);
  });
});

describe("validateResourceRequirements", () => {
  const path = "spec.containers[0].resources";
  const messages = (r: Parameters<typeof validateResourceRequirements>[0]) =>
    validateResourceRequirements(r, path).map((e) => e.message);

  it.each([
    ["valid", { requests: { cpu: "500m", memory: "128Mi" }, limits: { cpu: "1", memory: "256Mi" } }, []],
    [
      "request above limit",
      { requests: { cpu: "2" }, limits: { cpu: "1" } },
      [`${path}.requests: Invalid value: "2": must be less than or equal to cpu limit of 1`],
    ],
    [
      "memory request above limit, canonical units",
      { requests: { memory: "1024Mi" }, limits: { memory: "512Mi" } },
      [`${path}.requests: Invalid value: "1Gi": must be less than or equal to memory limit of 512Mi`],
    ],
    [
      "negative",
      { requests: { cpu: "-1" } },
      [`${path}.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0`],
    ],
    [
      "unknown resource",
      { limits: { maxmemory: "1" } },
      [
        `${path}.limits[maxmemory]: Invalid value: "maxmemory": must be a standard resource type or fully qualified`,
        `${path}.limits[maxmemory]: Invalid value: "maxmemory": must be a standard resource for containers`,
      ],
    ],
    [
      "extended resource needs request == limit",
      { requests: { "nvidia.com/gpu": "1" }, limits: { "nvidia.com/gpu": "2" } },
      [`${path}.requests: Invalid value: "1": must be equal to nvidia.com/gpu limit of 2`],
    ],
    [
      "extended resource request without limit",
      { requests: { "nvidia.com/gpu": "1" } },
      [`${path}.limits: Required value: Limit must be set for non overcommitable resources`],
    ],
    [
      "extended resource must be whole",
      { requests: { "nvidia.com/gpu": "500m" }, limits: { "nvidia.com/gpu": "500m" } },
      [
        `${path}.limits[nvidia.com/gpu]: Invalid value: 500m: must be an integer`,
        `${path}.requests[nvidia.com/gpu]: Invalid value: 500m: must be an integer`,
      ],
    ],
  ])("%s", (_, resources, expected) => {
    expect(messages(resources)).toEqual(expected);
  });
});
