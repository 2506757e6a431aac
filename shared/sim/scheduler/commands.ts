import { z } from "zod";
import { bindPod } from "../apiserver/apiserver.ts";
import { defineCommand, name, namespaceOf, nodeName } from "../commands/define.ts";
import { objectKey } from "../model/meta.ts";
import { DEFAULT_SCHEDULER, recordSchedulingFailure } from "./bot.ts";
import { judgePlacement } from "./judge.ts";
import { preemptCommand } from "./preempt.ts";
import { explain, NO_NODES_AVAILABLE } from "./scheduleone.ts";
import { preFilterFitError, volumeBindingPreFilter } from "./volumebinding/volumebinding.ts";

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

/**
 * The scheduler's other answer: no Node fits this pod. Right (the filters rule out every Node), it is
 * what kube-scheduler does after a failed cycle: the pod's PodScheduled=False condition and a
 * FailedScheduling event with the filters' own message, and the pod waits in the queue. Wrong, nothing
 * in the cluster changes (a FailedScheduling that names no real reason would teach a falsehood) and the
 * judgement says which Nodes fit.
 */
export const noNodeFits = defineCommand({
  schema: z.strictObject({ type: z.literal("NoNodeFits"), pod: name, namespace: name.optional() }),
  roles: ["scheduler"],
  request: (command) => ({
    verb: "patch",
    resource: "pods/status",
    namespace: namespaceOf(command),
    name: command.pod,
  }),
  handle(engine, command, seat) {
    const namespace = namespaceOf(command);
    const pod = engine.podByName(namespace, command.pod);
    if (!pod) return { ok: false, code: "NotFound", message: `pods "${command.pod}" not found` };
    if (pod.spec.nodeName) {
      return {
        ok: false,
        code: "Conflict",
        message: `pod ${command.pod} is already assigned to node "${pod.spec.nodeName}"`,
      };
    }
    const unresolvable = volumeBindingPreFilter(engine.state, pod);
    const explanation = explain(pod, engine.snapshot);
    const fitting = unresolvable ? [] : explanation.nodes.filter((n) => n.feasible).map((n) => n.node);
    const key = objectKey(namespace, command.pod);
    const subject = key;
    if (fitting.length > 0) {
      const verdict = engine.judge({
        seat: "scheduler",
        kind: "no-fit",
        subject,
        value: 0,
        detail: `${fitting.join(", ")} ${fitting.length === 1 ? "fits" : "fit"} this pod`,
      });
      return { ok: true, message: `pod/${command.pod}: ${fitting.join(", ")} would fit`, judgement: verdict };
    }
    const message = unresolvable
      ? preFilterFitError(engine.snapshot.nodeInfos.length, unresolvable)
      : (explanation.message ?? NO_NODES_AVAILABLE);
    const queue = engine.state.scheduler.queue;
    const info = queue[key] ?? { attempts: 0, timestamp: engine.now, backoffUntil: engine.now };
    queue[key] = info;
    recordSchedulingFailure(engine, pod, info, message);
    if (engine.isBot(seat)) return { ok: true, message };
    const verdict = engine.judge({ seat: "scheduler", kind: "no-fit", subject, value: 100, detail: message });
    return { ok: true, message, judgement: verdict };
  },
});

/**
 * DefaultPreemption's outcome as a request: evict the victims (each a graceful delete with the
 * DisruptionTarget condition and a `Preempted` event) and nominate the node. A player names the node
 * and, optionally, the victims (else the fewest that make room there), and is judged against
 * DefaultPreemption's own choice.
 */
export const preemptCommandDefinition = defineCommand({
  schema: z.strictObject({
    type: z.literal("Preempt"),
    pod: name,
    namespace: name.optional(),
    node: nodeName,
    victims: z.array(name).max(110).optional(),
  }),
  roles: ["scheduler"],
  request: (command) => ({
    verb: "patch",
    resource: "pods/status",
    namespace: namespaceOf(command),
    name: command.pod,
  }),
  handle: (engine, command, seat) =>
    preemptCommand(
      engine,
      namespaceOf(command),
      command.pod,
      command.node,
      command.victims,
      seat === "scheduler" && !engine.isBot(seat),
    ),
});

export const SCHEDULER_COMMANDS = [bind, noNodeFits, preemptCommandDefinition] as const;
