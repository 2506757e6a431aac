import { describe, expect, it } from "vitest";
import { lineOf, parseYamlFile, pathTokens } from "../../shared/scenario/yaml.ts";

describe("pathTokens", () => {
  it.each([
    ["spec.containers[0].image", ["spec", "containers", "0", "image"]],
    [
      "metadata.labels[node.kubernetes.io/instance-type]",
      ["metadata", "labels", "node.kubernetes.io/instance-type"],
    ],
    [
      "spec.containers[0].resources.requests[cpu]",
      ["spec", "containers", "0", "resources", "requests", "cpu"],
    ],
    ["items[1]", ["items", "1"]],
    ["", []],
  ])("%s", (path, tokens) => {
    expect(pathTokens(path)).toEqual(tokens);
  });
});

const TEXT = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
    tier: front end
spec:
  containers:
    - name: a
      image: x
    - name: b
      resources:
        requests:
          cpu: "2"
`;

describe("lineOf", () => {
  const [doc] = parseYamlFile("p.yaml", TEXT).documents;
  if (!doc) throw new Error("no document");

  it.each([
    ["", undefined, 1],
    ["kind", undefined, 2],
    ["metadata.name", undefined, 4],
    ["spec.containers[0].image", undefined, 11],
    ["spec.containers[1]", undefined, 12],
    ["spec.containers[1].image", undefined, 12],
    ["spec.containers[1].resources.requests[cpu]", undefined, 15],
    ["spec.containers[7].name", undefined, 9],
    ["metadata.labels", "front end", 7],
    ["metadata.labels", "app", 6],
    ["spec.containers[1].resources.requests", "2", 15],
  ])("%s (%s) -> line %d", (path, bad, line) => {
    expect(lineOf(doc, path, bad)).toBe(line);
  });
});

describe("parseYamlFile", () => {
  it("numbers documents by position and skips empty ones", () => {
    const { documents, errors } = parseYamlFile("f.yaml", "---\na: 1\n---\n# empty\n---\nb: [1, 2]\n");
    expect(errors).toEqual([]);
    expect(documents.map((d) => [d.index, d.value])).toEqual([
      [1, { a: 1 }],
      [3, { b: [1, 2] }],
    ]);
  });

  it("reads YAML 1.1 scalars as go-yaml does, but keeps timestamps and times as strings", () => {
    const { documents } = parseYamlFile(
      "f.yaml",
      "a: yes\nb: off\nc: 2025-01-01T00:00:00Z\nd: 1:30\ne: 0777\nf: ~\n",
    );
    expect(documents[0]?.value).toEqual({
      a: true,
      b: false,
      c: "2025-01-01T00:00:00Z",
      d: "1:30",
      e: 511,
      f: null,
    });
  });

  it('turns a YAML 1.1 boolean key into "true", as sigs.k8s.io/yaml does', () => {
    expect(parseYamlFile("f.yaml", "y: 1\nn: 0\n").documents[0]?.value).toEqual({ true: 1, false: 0 });
  });

  it("resolves anchors and merge keys", () => {
    const { documents } = parseYamlFile("f.yaml", "base: &b {x: 1}\nthing:\n  <<: *b\n  z: 2\n");
    expect(documents[0]?.value).toEqual({ base: { x: 1 }, thing: { x: 1, z: 2 } });
  });

  it("reports syntax errors with their document and line", () => {
    const { documents, errors } = parseYamlFile("f.yaml", "a: 1\n---\nb: [1, 2\n---\nc: 3\n");
    expect(documents.map((d) => d.index)).toEqual([1, 3]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "f.yaml", document: 2 });
    expect(errors[0]?.message).toMatch(
      /^yaml: Flow sequence in block collection must be sufficiently indented and end with a \]/,
    );
    expect(errors[0]?.line).toBe(4);
  });
});

describe("parseYamlFile and aliases", () => {
  it("reports an alias to an unknown anchor instead of throwing", () => {
    const { documents, errors } = parseYamlFile("f.yaml", "a: 1\n---\nb: *nowhere\n");
    expect(documents.map((d) => d.index)).toEqual([1]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "f.yaml", document: 2, line: 3 });
    expect(errors[0]?.message).toMatch(/^yaml: .*anchor/);
  });

  it("stops an alias bomb", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
      .concat(
        ["b", "c", "d", "e", "f", "g"].map((k, i) => {
          const prev = "abcdefg"[i];
          return `${k}: &${k} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`;
        }),
      )
      .join("\n");
    const { documents, errors } = parseYamlFile("f.yaml", `${bomb}\n`);
    expect(documents).toEqual([]);
    expect(errors[0]?.message).toMatch(/^yaml: /);
  });
});
