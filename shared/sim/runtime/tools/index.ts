import { COREUTILS } from "./coreutils.ts";
import { NET_TOOLS } from "./net.ts";
import type { Tool } from "./types.ts";

/** Every standard tool the simulation models, by name. A tool not here runs as "not modelled". */
export const TOOLS: Record<string, Tool> = { ...COREUTILS, ...NET_TOOLS };
