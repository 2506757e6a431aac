import { describe, expect, it } from "vitest";
import {
  aggregate,
  dedupe,
  duplicate,
  forbidden,
  goStringMap,
  invalid,
  notFound,
  notSupported,
  required,
  tooLong,
  unknownField,
} from "../../../shared/sim/api/fielderrors.ts";

describe("field errors print as apimachinery's field.Error", () => {
  it.each([
    [required("spec.containers[0].image"), "spec.containers[0].image: Required value"],
    [
      required("metadata.name", "name or generateName is required"),
      "metadata.name: Required value: name or generateName is required",
    ],
    [
      invalid("spec.replicas", -1, "must be greater than or equal to 0"),
      "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
    ],
    [invalid("metadata.name", "Web_1", "bad"), 'metadata.name: Invalid value: "Web_1": bad'],
    [invalid("spec.paused", true, "odd"), "spec.paused: Invalid value: true: odd"],
    [invalid("x", { go: "map[string]string{}" }, "d"), "x: Invalid value: map[string]string{}: d"],
    [
      notSupported("spec.restartPolicy", "Sometimes", ["Always", "OnFailure", "Never"]),
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ],
    [notSupported("spec.x", "y", []), 'spec.x: Unsupported value: "y"'],
    [duplicate("spec.containers[1].name", "web"), 'spec.containers[1].name: Duplicate value: "web"'],
    [
      forbidden("spec.ports[0].nodePort", "may not be used when `type` is 'ClusterIP'"),
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ],
    [
      tooLong("metadata.annotations", 262144),
      "metadata.annotations: Too long: must have at most 262144 bytes",
    ],
    [
      notFound("spec.containers[0].volumeMounts[0].name", "data"),
      'spec.containers[0].volumeMounts[0].name: Not found: "data"',
    ],
    [unknownField("spec.containers[0].imagee"), 'unknown field "spec.containers[0].imagee"'],
  ])("%# %j", (error, message) => {
    expect(error.message).toBe(message);
  });

  it("keeps the type and detail apart from the message", () => {
    const e = notSupported("spec.restartPolicy", "Sometimes", ["Always"]);
    expect(e).toEqual({
      field: "spec.restartPolicy",
      type: "FieldValueNotSupported",
      detail: 'supported values: "Always"',
      message: 'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always"',
    });
    expect(required("a").type).toBe("FieldValueRequired");
    expect(required("a").detail).toBeUndefined();
  });

  it("prints string maps as Go's %#v, keys sorted", () => {
    expect(goStringMap({ tier: "web", app: "x" }).go).toBe('map[string]string{"app":"x", "tier":"web"}');
    expect(goStringMap({}).go).toBe("map[string]string{}");
    expect(goStringMap(undefined).go).toBe("map[string]string(nil)");
  });

  it("aggregates like utilerrors: one bare, several bracketed, duplicates dropped", () => {
    expect(aggregate(["a: Required value"])).toBe("a: Required value");
    expect(aggregate(["a", "b", "a"])).toBe("[a, b]");
    expect(dedupe([required("a"), required("a"), required("b")]).map((e) => e.field)).toEqual(["a", "b"]);
  });
});
