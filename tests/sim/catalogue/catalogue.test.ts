import { describe, expect, it } from "vitest";
import data from "../../../shared/sim/catalogue/catalogue.json" with { type: "json" };
import { loadCatalogue } from "../../../shared/sim/catalogue/catalogue.ts";

describe("catalogue.json", () => {
  it("validates and builds without a problem", () => {
    const c = loadCatalogue(data);
    expect(c.validate()).toEqual([]);
    console.log(c.refs.size, c.repositories.size, c.layers.size);
  });
});
