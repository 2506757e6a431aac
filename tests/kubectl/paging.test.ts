import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { kubectl } from "../../shared/kubectl/kubectl.ts";
import {
  DESCRIBE_OBJECTS,
  decodeContinue,
  encodeContinue,
  MAX_NAMES,
  PAGE_BYTES,
  PAGE_OBJECTS,
} from "../../shared/kubectl/paging.ts";
import { listed, storedAndApiField } from "../../shared/kubectl/query.ts";
import { resolveResource } from "../../shared/kubectl/resources.ts";
import { loadScenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { benchCluster } from "../bench/cluster.ts";

/**
 * The console's bounds: however big the cluster, one command prints a page (PAGE_OBJECTS objects,
 * PAGE_BYTES of -o json|yaml), says what it left out in kubectl's warning form with the command that
 * continues, and continues exactly where it stopped; kubectl's formats are otherwise unchanged.
 */
const REPLICAS = 1200;
let engine: Engine;
beforeAll(() => {
  engine = createEngine(benchCluster("paging", 20));
  kubectl(engine, `create deployment web --image=nginx:1.27 --replicas=${REPLICAS}`);
  kubectl(engine, "create deployment api --image=redis:7.4 --replicas=3");
  for (let t = 0; t < 30; t++) engine.tick();
});

const rows = (stdout: string) => stdout.trimEnd().split("\n").slice(1);
const nextToken = (stderr: string) => /--continue=(\S+)/.exec(stderr)?.[1];

describe("get pages", () => {
  it("a table lists a page, and --continue goes on from where it stopped until all are listed", () => {
    const first = kubectl(engine, "get pods");
    expect(rows(first.stdout)).toHaveLength(PAGE_OBJECTS);
    expect(first.exitCode).toBe(0);
    expect(first.stderr).toContain(
      `Warning: ${PAGE_OBJECTS} objects shown, ${REPLICAS + 3 - PAGE_OBJECTS} more`,
    );
    expect(first.stderr).toMatch(/next page: kubectl get pods --continue=\S+/);
    expect(first.stderr).toContain("or narrow the list: -n NAMESPACE, -l SELECTOR");
    const seen = rows(first.stdout).map((r) => r.split(/\s+/)[0]);
    let token = nextToken(first.stderr);
    while (token) {
      const page = kubectl(engine, `get pods --continue=${token}`);
      seen.push(...rows(page.stdout).map((r) => r.split(/\s+/)[0]));
      token = nextToken(page.stderr);
    }
    const all = Object.values(engine.state.pods)
      .map((p) => p.metadata.name)
      .sort();
    expect(seen).toEqual(all);
  });

  it("--chunk-size asks for a smaller page (never a bigger one)", () => {
    expect(rows(kubectl(engine, "get pods --chunk-size=7").stdout)).toHaveLength(7);
    expect(rows(kubectl(engine, "get pods --chunk-size=100000").stdout)).toHaveLength(PAGE_OBJECTS);
    expect(rows(kubectl(engine, "get pods --chunk-size=0").stdout)).toHaveLength(PAGE_OBJECTS);
  });

  it("-o yaml stops at PAGE_BYTES with the API server's continue and remainingItemCount", () => {
    const r = kubectl(engine, "get pods -o yaml");
    expect(r.stdout.length).toBeLessThanOrEqual(PAGE_BYTES * 1.2);
    const list =
      /items:\n([\s\S]*)kind: List\nmetadata:\n {2}continue: (\S+)\n {2}remainingItemCount: (\d+)\n {2}resourceVersion: ""\n$/.exec(
        r.stdout,
      );
    expect(list).not.toBeNull();
    const shown = (r.stdout.match(/^- apiVersion: v1$/gm) ?? []).length;
    expect(Number(list?.[3])).toBe(REPLICAS + 3 - shown);
    expect(r.stderr).toContain(`-o yaml stops at ${PAGE_BYTES / 1024} KiB per command`);
    expect(nextToken(r.stderr)).toBe(list?.[2]);
    // the next page starts right after the last one printed
    const next = kubectl(engine, `get pods -o json --continue=${list?.[2]}`);
    const items = JSON.parse(next.stdout).items as { metadata: { name: string } }[];
    const names = Object.values(engine.state.pods)
      .map((p) => p.metadata.name)
      .sort();
    expect(items[0]?.metadata.name).toBe(names[shown]);
  });

  it("several kinds page as one list, each in its own table", () => {
    const first = kubectl(engine, "get deployments,pods --chunk-size=2");
    expect(first.stdout).toContain("deployment.apps/api");
    expect(first.stdout).toContain("deployment.apps/web");
    expect(first.stdout).not.toContain("pod/");
    const second = kubectl(
      engine,
      `get deployments,pods --chunk-size=2 --continue=${nextToken(first.stderr)}`,
    );
    expect(rows(second.stdout).every((r) => r.startsWith("pod/"))).toBe(true);
  });

  it("a field selector is matched only as far as the page goes; its count is left out", () => {
    const r = kubectl(engine, "get pods --field-selector status.phase!=Failed --chunk-size=3");
    expect(rows(r.stdout)).toHaveLength(3);
    expect(r.stderr).toContain("3 objects shown, more remain");
    const yaml = kubectl(engine, "get pods --field-selector status.phase!=Failed --chunk-size=3 -o yaml");
    expect(yaml.stdout).not.toContain("remainingItemCount");
  });

  it("a token that is not one is refused as the API server refuses it", () => {
    const r = kubectl(engine, "get pods --continue=nonsense!");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("continue key is not valid");
    expect(decodeContinue(encodeContinue({ resource: 1, key: "ns/名前" }))).toEqual({
      resource: 1,
      key: "ns/名前",
    });
  });

  it("small lists print exactly as before: no warning, no continue", () => {
    const r = kubectl(engine, "get deployments -o yaml");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      stringify(JSON.parse(kubectl(engine, "get deployments -o json").stdout), {
        indentSeq: false,
        lineWidth: 0,
        version: "1.1",
      }),
    );
  });
});

describe("other bounds", () => {
  it("describe stops at DESCRIBE_OBJECTS and says how to narrow", () => {
    const r = kubectl(engine, "describe pods");
    expect((r.stdout.match(/^Name: /gm) ?? []).length).toBe(DESCRIBE_OBJECTS);
    expect(r.stderr).toContain(
      `Warning: ${DESCRIBE_OBJECTS} objects described, ${REPLICAS + 3 - DESCRIBE_OBJECTS} more`,
    );
  });

  it("kubectl events prints the latest page", () => {
    const r = kubectl(engine, "events");
    expect(rows(r.stdout).length).toBeLessThanOrEqual(PAGE_OBJECTS);
    expect(r.stderr).toMatch(/^Warning: the latest \d+ of \d+ events shown/);
  });

  it("a command names at most MAX_NAMES objects", () => {
    const names = Array.from({ length: MAX_NAMES + 1 }, (_, i) => `p${i}`).join(" ");
    const r = kubectl(engine, `get pods ${names}`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`at most ${MAX_NAMES} names per command`);
  });

  it("fields read from stored objects are the API's fields, in every built-in scenario", () => {
    const dir = join(import.meta.dirname, "../../scenarios");
    const pods = resolveResource("pods");
    if (!pods) throw new Error("no pods resource");
    const fields = ["metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy"];
    fields.push("spec.schedulerName", "status.phase", "status.podIP", "status.nominatedNodeName");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
      const loaded = loadScenario([{ file, text: readFileSync(join(dir, file), "utf8") }]);
      if (!loaded.ok) throw new Error(file);
      const e = createEngine(loaded.scenario);
      for (let t = 0; t < 300; t++) e.tick();
      const ctx = {
        client: e,
        state: e.state,
        seat: "user",
        namespace: "default",
        enforceNamespace: false,
        files: {},
        out: [],
        err: [],
      };
      for (const pod of listed(ctx, pods)) {
        for (const field of fields) {
          const both = storedAndApiField(pods, pod, field);
          expect(both?.stored, `${file} ${pod.metadata.name} ${field}`).toBe(both?.api);
        }
      }
    }
  });
});
