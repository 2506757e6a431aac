import { expect } from "vitest";
import { type DecodedObject, type DecodeResult, decodeManifest } from "../../../shared/sim/api/decode.ts";

/** A minimal valid Pod manifest, with `spec` and `metadata` fields merged over it. */
export function podManifest(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", ...metadata },
    spec: { containers: [{ name: "web", image: "nginx:1.27" }], ...spec },
  };
}

export function deploymentManifest(
  spec: Record<string, unknown> = {},
  template: Record<string, unknown> = {},
) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web" },
    spec: {
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "web", image: "nginx:1.27" }] },
        ...template,
      },
      ...spec,
    },
  };
}

export function decodeOk(manifest: unknown): { object: DecodedObject; notSimulated: string[] } {
  const result = decodeManifest(manifest);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(manifest)} to decode, got: ${result.message}`);
  if (result.object === null) throw new Error(`expected a simulated object, got kind ${result.kind}`);
  return { object: result.object, notSimulated: result.notSimulated };
}

export function decodeFail(manifest: unknown): Extract<DecodeResult, { ok: false }> {
  const result = decodeManifest(manifest);
  expect(result.ok).toBe(false);
  return result as Extract<DecodeResult, { ok: false }>;
}

/** The field-error messages of a manifest that must fail. */
export function errorsOf(manifest: unknown): string[] {
  return decodeFail(manifest).errors.map((e) => e.message);
}
