import { stateHash } from "../hash.ts";

/**
 * A stable, content-address-shaped digest for a simulated blob. The catalogue's layers are modelled on
 * the public images' real layers (sizes, sharing), not copied from them, so their digests are derived
 * from the layer's name: identical names mean identical content, as content addressing promises.
 */
export function simulatedDigest(name: string): string {
  let hex = "";
  for (let i = 0; hex.length < 64; i++) hex += stateHash(`${name}#${i}`);
  return `sha256:${hex.slice(0, 64)}`;
}
