import { z } from "zod";
import { defineCommand, name, namespaceOf, nodeName } from "../commands/define.ts";
import { objectKey } from "../model/meta.ts";
import { syncProxyRules } from "./kubeproxy.ts";

/** kube-proxy's move: rewrite its node's rules from the Endpoints (one Service's, or all). */
export const syncProxyRulesCommand = defineCommand({
  schema: z.strictObject({
    type: z.literal("SyncProxyRules"),
    node: nodeName,
    service: name.optional(),
    namespace: name.optional(),
  }),
  roles: ["kube-proxy"],
  handle: (engine, c) =>
    syncProxyRules(engine, c.node, c.service ? objectKey(namespaceOf(c), c.service) : undefined),
});

export const PROXY_COMMANDS = [syncProxyRulesCommand] as const;
