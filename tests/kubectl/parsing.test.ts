import { describe, expect, it } from "vitest";
import { parseFlags } from "../../shared/kubectl/flags.ts";
import { matches, parseSelector } from "../../shared/kubectl/selector.ts";
import { tokenize } from "../../shared/kubectl/shell.ts";

/** The console line as a shell splits it, flags as pflag parses them, label selectors as labels.Parse. */
describe("tokenize", () => {
  it("splits on blanks and honours quotes and escapes", () => {
    expect(tokenize(`get pods -l 'app in (a, b)' "x y" a\\ b`)).toEqual({
      ok: true,
      words: ["get", "pods", "-l", "app in (a, b)", "x y", "a b"],
      trailingSpace: false,
    });
    expect(tokenize('run x -- sh -c "echo \\"hi\\"; exit 1" ')).toEqual({
      ok: true,
      words: ["run", "x", "--", "sh", "-c", 'echo "hi"; exit 1'],
      trailingSpace: true,
    });
  });

  it("reports an unclosed quote and shell operators", () => {
    expect(tokenize('get "pods').ok).toBe(false);
    expect(tokenize("get pods > out.txt")).toEqual({
      ok: false,
      message: 'this console runs kubectl only: the shell operator ">" is not supported',
    });
  });
});

describe("parseFlags", () => {
  const specs = [
    { name: "namespace", short: "n", type: "string" as const },
    { name: "output", short: "o", type: "string" as const },
    { name: "all-namespaces", short: "A", type: "bool" as const },
    { name: "replicas", type: "int" as const, default: -1 },
    { name: "filename", short: "f", type: "strings" as const },
  ];

  it("takes every form pflag does, flags anywhere among the arguments", () => {
    const r = parseFlags(
      ["pods", "-nkube-system", "-o=wide", "-A", "--replicas", "3", "-f", "a.yaml,b.yaml", "-f", "-", "web"],
      specs,
    );
    expect(r).toMatchObject({
      ok: true,
      positionals: ["pods", "web"],
      values: {
        namespace: "kube-system",
        output: "wide",
        "all-namespaces": true,
        replicas: 3,
        filename: ["a.yaml", "b.yaml", "-"],
      },
    });
    expect(parseFlags(["--", "-c", "x"], specs)).toMatchObject({ ok: true, positionals: ["-c", "x"] });
    expect(parseFlags(["--all-namespaces=false"], specs)).toMatchObject({
      ok: true,
      values: { "all-namespaces": false },
    });
  });

  it("words its errors as pflag", () => {
    expect(parseFlags(["--nope"], specs)).toEqual({ ok: false, message: "unknown flag: --nope" });
    expect(parseFlags(["-Az"], specs)).toEqual({ ok: false, message: "unknown shorthand flag: 'z' in -Az" });
    expect(parseFlags(["-o"], specs)).toEqual({ ok: false, message: "flag needs an argument: 'o' in -o" });
    expect(parseFlags(["--replicas=x"], specs)).toEqual({
      ok: false,
      message: 'invalid argument "x" for "--replicas" flag: strconv.ParseInt: parsing "x": invalid syntax',
    });
  });
});

describe("label selectors", () => {
  const labels = { app: "web", tier: "frontend" };
  const check = (text: string) => {
    const parsed = parseSelector(text);
    if (!parsed.ok) throw new Error(parsed.message);
    return matches(parsed.selector, labels);
  };

  it("equality, inequality, sets, existence", () => {
    expect(check("app=web")).toBe(true);
    expect(check("app==web,tier=frontend")).toBe(true);
    expect(check("app!=web")).toBe(false);
    expect(check("env!=prod")).toBe(true);
    expect(check("app in (api, web)")).toBe(true);
    expect(check("app notin (web)")).toBe(false);
    expect(check("env notin (prod)")).toBe(true);
    expect(check("tier")).toBe(true);
    expect(check("!tier")).toBe(false);
    expect(check("!env,app")).toBe(true);
    expect(check("")).toBe(true);
  });

  it("rejects what labels.Parse rejects", () => {
    expect(parseSelector("app in web").ok).toBe(false);
    expect(parseSelector("app=web tier").ok).toBe(false);
  });
});
