import type { Command, CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import { pullImage, startContainer } from "../kubelet/actions.ts";
import { failMachine, recoverMachine, renewLease } from "../kubelet/lifecycle.ts";
import { interruptPullsFrom } from "../runtime/puller.ts";
import { applyManifest, bindPod, deleteObject, setUnschedulable } from "./apiserver.ts";

/** Routes an authorised command to the component that carries it out. */
export function dispatch(engine: Engine, seat: string, command: Command): CommandResult {
  switch (command.type) {
    case "Apply":
      return applyManifest(engine, command.manifest);
    case "Delete":
      return deleteObject(engine, command.kind, command.name, command.namespace);
    case "Bind":
      return bindPod(engine, command.namespace ?? "default", command.pod, command.node);
    case "CordonNode":
      return setUnschedulable(engine, command.node, true);
    case "UncordonNode":
      return setUnschedulable(engine, command.node, false);
    case "FailNode":
      return failMachine(engine, command.node);
    case "RecoverNode":
      return recoverMachine(engine, command.node);
    case "RegistryOutage":
      return registryOutage(engine, command.registry, command.durationSeconds);
    case "PullImage":
      return pullImage(engine, command.node, command.namespace ?? "default", command.pod, command.container);
    case "StartContainer":
      return startContainer(
        engine,
        command.node,
        command.namespace ?? "default",
        command.pod,
        command.container,
      );
    case "RenewLease":
      return renewLease(engine, command.node);
    case "SetDriver": {
      if (!engine.state.seats[command.seat]) {
        return { ok: false, code: "NotFound", message: `seat "${command.seat}" not found` };
      }
      engine.state.seats[command.seat] = { driver: command.driver };
      const node = command.seat.startsWith("kubelet:") ? command.seat.slice(8) : undefined;
      engine.wake(node ? `node:${node}` : "scheduler");
      return {
        ok: true,
        message: `${command.seat} is now played by ${command.driver === "bot" ? "a bot" : "a human"}`,
      };
    }
  }
  return { ok: false, code: "Invalid", message: `unsupported command for ${seat}` };
}

function registryOutage(engine: Engine, name: string, durationSeconds: number): CommandResult {
  const registry = engine.state.registries[name];
  if (!registry) return { ok: false, code: "NotFound", message: `registry "${name}" not found` };
  registry.outageUntil = engine.now + durationSeconds * 1000;
  interruptPullsFrom(engine, name);
  return { ok: true, message: `registry ${name} unavailable for ${durationSeconds}s` };
}
