import { describe, expect, it } from "vitest";
import { buildImages } from "../../shared/scenario/images.ts";
import { catalogueImage } from "../../shared/sim/catalogue/catalogue.ts";
import { simulatedDigest } from "../../shared/sim/catalogue/digest.ts";
import { Mi } from "../../shared/sim/quantity.ts";
import { loadErrors, loadOk, SCENARIO_HEAD, source } from "./helpers.ts";

const LOCAL = [{ name: "local", kind: "local" as const }];

describe("scenario images", () => {
  it("builds an image on a catalogue base: shared base layers, own layers content-addressed", () => {
    const { images, layers, problems } = buildImages(
      [
        {
          image: "registry.local:5000/shop/api",
          tags: ["1.0", "latest"],
          from: "python:3.13-slim",
          layers: [{ size: "35Mi", name: "api/deps" }, { size: 4096 }],
        },
      ],
      LOCAL,
    );
    expect(problems).toEqual([]);
    const base = catalogueImage("docker.io/library/python:3.13-slim");
    const own = [
      simulatedDigest("registry.local:5000/api/deps"),
      simulatedDigest("registry.local:5000/shop/api:1.0/layer-1"),
    ];
    expect(layers).toEqual({ [own[0] as string]: 35 * Mi, [own[1] as string]: 4096 });
    expect(images).toHaveLength(2);
    const [first, second] = images;
    expect(first).toMatchObject({
      repository: "registry.local:5000/shop/api",
      tag: "1.0",
      digest: simulatedDigest(`registry.local:5000/shop/api@${[...(base?.layers ?? []), ...own].join(",")}`),
      layers: [...(base?.layers ?? []), ...own],
      size: (base?.size ?? 0) + 35 * Mi + 4096,
      process: { cmd: ["python3"], userland: "debian" },
    });
    expect(second?.tag).toBe("latest");
    expect(second?.digest).toBe(first?.digest);
  });

  it("builds on an earlier image of the scenario and overrides the process", () => {
    const { images, problems } = buildImages(
      [
        { image: "myorg/base", tags: ["1"], layers: [{ size: 1000, name: "base" }] },
        {
          image: "myorg/app",
          tags: ["2"],
          from: "myorg/base:1",
          layers: [{ size: 10 }],
          entrypoint: ["/app"],
          cmd: ["serve"],
        },
      ],
      [],
    );
    expect(problems).toEqual([]);
    expect(images.map((i) => [i.repository, i.tag, i.layers.length, i.size])).toEqual([
      ["docker.io/myorg/base", "1", 1, 1000],
      ["docker.io/myorg/app", "2", 2, 1010],
    ]);
    expect(images[1]?.layers[0]).toBe(images[0]?.layers[0]);
    expect(images[1]?.process).toEqual({
      entrypoint: ["/app"],
      cmd: ["serve"],
      programs: { "/app serve": { runs: "server" }, "/app": { runs: "server" } },
    });
  });

  it.each([
    [
      { image: "nginx:1.27", tags: ["x"] },
      "spec.images[0].image",
      /must be a repository without tag or digest/,
    ],
    [
      { image: "registry.example.com/org/app", tags: ["1"], layers: [{ size: 1 }] },
      "spec.images[0].image",
      /no registry of this scenario serves host "registry.example.com"/,
    ],
    [{ image: "Bad/Name", tags: ["1"] }, "spec.images[0].image", /invalid reference format/],
    [{ image: "myorg/app", tags: ["1"], from: "python:9" }, "spec.images[0].from", /^Not found: "python:9"/],
    [
      { image: "myorg/app", tags: ["1"], layers: [{ size: "35Q" }] },
      "spec.images[0].layers[0].size",
      /^Invalid value: "35Q": must be a size in bytes/,
    ],
    [{ image: "myorg/app", tags: ["1"] }, "spec.images[0].layers", /^Required value: an image needs layers/],
    [
      { image: "myorg/app", tags: ["bad tag"], layers: [{ size: 1 }] },
      "spec.images[0].tags[0]",
      /invalid reference format/,
    ],
    [
      { image: "nginx", tags: ["1.27"], layers: [{ size: 1 }] },
      "spec.images[0].tags[0]",
      /^Duplicate value: "docker.io\/library\/nginx:1.27"/,
    ],
  ])("%j", (spec, field, message) => {
    const { problems, images } = buildImages([spec], LOCAL);
    expect(images).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe(field);
    expect(problems[0]?.message).toMatch(message);
  });

  it("loads images through the Scenario document, errors at their line", () => {
    const scenario = loadOk([
      source(`${SCENARIO_HEAD}spec:
  registries:
    - {name: acr, kind: acr}
  images:
    - image: kubeclass.azurecr.io/web
      tags: ["3"]
      from: nginx:1.27-alpine
`),
    ]);
    expect(scenario.images.map((i) => `${i.repository}:${i.tag}`)).toEqual(["kubeclass.azurecr.io/web:3"]);
    expect(scenario.layers).toEqual({});
    const errors = loadErrors([
      source(`${SCENARIO_HEAD}spec:
  images:
    - image: myorg/web
      tags: ["1"]
      layers:
        - size: lots
`),
    ]);
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [
        10,
        'spec.images[0].layers[0].size: Invalid value: "lots": must be a size in bytes such as 1048576 or "35Mi"',
      ],
    ]);
  });
});
