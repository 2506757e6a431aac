import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import { eventView } from "../../shared/view/events.ts";
import { codeOf, eventComponentOf, eventMessageOf } from "../../shared/view/eventTemplates.ts";

const words = (fields: Partial<Parameters<typeof codeOf>[0]>) => ({
  reason: "",
  message: "",
  component: "kubelet",
  namespace: "default",
  name: "web-1",
  host: "worker-1",
  ...fields,
});

describe("event messages as codes and parameters", () => {
  it.each([
    ["Scheduled", "default-scheduler", "Successfully assigned default/web-1 to worker-2", "worker-2"],
    ["Pulling", "kubelet", 'Pulling image "nginx:1.27"', "nginx:1.27"],
    ["Started", "kubelet", "Started container web", "web"],
    ["Failed", "kubelet", "Error: ErrImagePull", "ErrImagePull"],
  ])("%s by %s is coded and worded back", (reason, component, message, params) => {
    const e = words({ reason, component, message });
    const coded = codeOf(e);
    expect(coded.code).toBeGreaterThan(0);
    expect(coded.params).toBe(params);
    expect(eventMessageOf({ ...e, ...coded, message: "", component: "" })).toBe(message);
    expect(eventComponentOf({ ...e, ...coded, message: "", component: "" })).toBe(component);
  });

  it("a ReplicaSet's pod: the parameter is what follows the ReplicaSet's name", () => {
    const e = words({
      reason: "SuccessfulCreate",
      component: "replicaset-controller",
      name: "app-1-5f7c9d8b4",
      message: "Created pod: app-1-5f7c9d8b4-x2k4p",
    });
    expect(codeOf(e).params).toBe("x2k4p");
  });

  it("a message no template words exactly, or another component's, travels as written", () => {
    expect(
      codeOf(words({ reason: "Scheduled", message: "Successfully assigned other/web-1 to w" })).code,
    ).toBe(0);
    expect(
      codeOf(words({ reason: "Started", component: "kubeclass", message: "Started container x" })).code,
    ).toBe(0);
    expect(codeOf(words({ reason: "Unknown", message: "anything" })).code).toBe(0);
  });

  it("every event of every built-in scenario reads back as the engine wrote it", () => {
    const dir = join(process.cwd(), "scenarios");
    let coded = 0;
    let all = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
      const loaded = loadScenario([{ file, text: readFileSync(join(dir, file), "utf8") }]);
      if (!loaded.ok) throw new Error(file);
      const engine = createEngine(loaded.scenario);
      for (let i = 0; i < 1200; i++) engine.tick();
      for (const event of engine.state.events) {
        const view = eventView(event);
        all++;
        if (view.code > 0) coded++;
        expect(eventMessageOf(view)).toBe(event.message);
        expect(eventComponentOf(view)).toBe(event.source.component);
      }
    }
    // most of them travel as codes
    expect(coded / all).toBeGreaterThan(0.5);
  });
});
