import { describe, expect, it } from "vitest";
import { kubectlErrors, syntaxErrors } from "../../client/dom/yamlErrors.ts";

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: x
spec:
  containers:
    - name: app
      imagee: nginx
`;

describe("errors at their line", () => {
  it("maps kubectl's field path to the line of the field (or of its parent when missing)", () => {
    const errors = kubectlErrors(POD, 'The Pod "x" is invalid: spec.containers[0].image: Required value\n');
    expect(errors).toEqual([{ line: 7, message: "spec.containers[0].image: Required value" }]);
  });

  it("maps an unknown field", () => {
    const errors = kubectlErrors(
      POD,
      'Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"\n',
    );
    expect(errors).toEqual([{ line: 8, message: "spec.containers[0].imagee: unknown field" }]);
  });

  it("finds YAML syntax errors while typing", () => {
    const errors = syntaxErrors("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]?.line).toBeGreaterThanOrEqual(4);
    expect(syntaxErrors(POD)).toEqual([]);
  });
});
