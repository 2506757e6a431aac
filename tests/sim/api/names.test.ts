import { describe, expect, it } from "vitest";
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  nameIsDNSSubdomain,
  regexError,
  validateAnnotations,
  validateLabels,
} from "../../../shared/sim/api/names.ts";

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

describe("regexError", () => {
  it("writes examples with Go's double space before 'or'", () => {
    expect(regexError("m", "f", "a", "b", "c")).toBe(
      "m (e.g. 'a',  or 'b',  or 'c', regex used for validation is 'f')",
    );
    expect(regexError("m", "f")).toBe("m (regex used for validation is 'f')");
  });
});

describe("DNS names", () => {
  it.each([
    ["web", []],
    ["web.example.com", []],
    ["Web_1", [SUBDOMAIN_MSG]],
    ["-web", [SUBDOMAIN_MSG]],
    ["a".repeat(254), ["must be no more than 253 characters"]],
  ])("subdomain %s", (name, errs) => {
    expect(isDNS1123Subdomain(name)).toEqual(errs);
  });

  it.each([
    ["web-1", []],
    ["1web", []],
    ["web.1", ["must not contain dots"]],
    ["Web", [LABEL_MSG]],
    ["a".repeat(64), ["must be no more than 63 characters"]],
  ])("label %s", (name, errs) => {
    expect(isDNS1123Label(name)).toEqual(errs);
  });

  it.each([
    ["web", []],
    ["1web", [DNS1035_MSG]],
    ["web-", [DNS1035_MSG]],
  ])("DNS-1035 label %s", (name, errs) => {
    expect(isDNS1035Label(name)).toEqual(errs);
  });

  it("masks a trailing dash of a generateName prefix", () => {
    expect(nameIsDNSSubdomain("web-", true)).toEqual([]);
    expect(nameIsDNSSubdomain("web-", false)).toEqual([SUBDOMAIN_MSG]);
  });
});

describe("label keys and values", () => {
  it.each([
    ["app", []],
    ["app.kubernetes.io/name", []],
    ["node.kubernetes.io/instance-type", []],
    ["/name", ["prefix part must be non-empty"]],
    [
      "a/b/c",
      [expect.stringMatching(/^a valid label key must consist of .* \(e\.g\. 'example\.com\/MyName'\)$/)],
    ],
    [
      "bad key!",
      [
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    ],
    ["Example.com/x", [`prefix part ${SUBDOMAIN_MSG}`]],
  ])("key %s", (key, errs) => {
    expect(isQualifiedName(key)).toEqual(errs);
  });

  it.each([
    ["", 0],
    ["web", 0],
    ["my_value.1", 0],
    ["front end", 1],
    ["-x", 1],
    ["a".repeat(64), 1],
  ])("value %j has %d problems", (value, count) => {
    expect(isValidLabelValue(value)).toHaveLength(count);
  });

  it("reports label problems at the map's path, annotations by key", () => {
    expect(validateLabels({ tier: "front end" }, "metadata.labels").map((e) => e.message)).toEqual([
      `metadata.labels: Invalid value: "front end": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ]);
    expect(validateAnnotations({ "kubectl.kubernetes.io/last-applied-configuration": "{}" }, "a")).toEqual(
      [],
    );
    expect(validateAnnotations({ big: "x".repeat(300_000) }, "metadata.annotations")[0]?.message).toBe(
      "metadata.annotations: Too long: must have at most 262144 bytes",
    );
  });
});

describe("ports, percents and env names", () => {
  it.each([
    ["http", []],
    ["http-metrics", []],
    ["8080", ["must contain at least one letter (a-z)"]],
    ["web_1", ["must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"]],
    [
      "HTTP",
      [
        "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
        "must contain at least one letter (a-z)",
      ],
    ],
    ["a--b", ["must not contain consecutive hyphens"]],
    ["-a", ["must not begin or end with a hyphen"]],
    ["abcdefghijklmnop", ["must be no more than 15 characters"]],
  ])("port name %s", (name, errs) => {
    expect(isValidPortName(name)).toEqual(errs);
  });

  it("percent strings", () => {
    expect(isValidPercent("25%")).toEqual([]);
    expect(isValidPercent("25")).toEqual([
      "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]);
  });

  it("env names are relaxed: printable ASCII without '='", () => {
    expect(isEnvVarName("MY_VAR")).toEqual([]);
    expect(isEnvVarName("1.weird-name")).toEqual([]);
    expect(isEnvVarName("A=B")).toEqual([
      "a valid environment variable name must consist only of printable ASCII characters other than '='",
    ]);
    expect(isEnvVarName("")).toEqual(["environment variable name must be non-empty"]);
  });
});
