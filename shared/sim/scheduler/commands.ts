import { z } from "zod";
import { bindPod } from "../apiserver/apiserver.ts";
import { defineCommand, name, namespaceOf, nodeName } from "../commands/define.ts";
import { DEFAULT_SCHEDULER } from "./bot.ts";
import { judgePlacement } from "./judge.ts";

/**
 * kube-scheduler's one request: the pods/binding subresource, then the Scheduled event. A player's
 * placement is judged by the default scheduler's own scoring before it is made.
 */
export const bind = defineCommand({
  schema: z.strictObject({ type: z.literal("Bind"), pod: name, namespace: name.optional(), node: nodeName }),
  roles: ["scheduler"],
  request: (command) => ({
    verb: "bind",
    resource: "pods/binding",
    namespace: namespaceOf(command),
    name: command.pod,
  }),
  handle(engine, command, seat) {
    const pod = engine.podByName(command.namespace, command.pod);
    const verdict =
      seat === "scheduler" && !engine.isBot(seat) && pod && !pod.spec.nodeName
        ? judgePlacement(engine, pod, command.node)
        : undefined;
    const namespace = namespaceOf(command);
    const result = bindPod(engine, namespace, command.pod, command.node);
    if (!result.ok) return result;
    const bound = engine.podByName(namespace, command.pod);
    engine.emit({
      type: "Normal",
      reason: "Scheduled",
      message: `Successfully assigned ${namespace}/${command.pod} to ${command.node}`,
      involvedObject: { kind: "Pod", name: command.pod, namespace, uid: bound?.metadata.uid },
      source: { component: DEFAULT_SCHEDULER },
    });
    return verdict ? { ...result, judgement: engine.judge(verdict) } : result;
  },
});

export const SCHEDULER_COMMANDS = [bind] as const;
