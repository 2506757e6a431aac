import type { Engine } from "../engine/Engine.ts";

/**
 * A fault the instructor (or a scenario's timeline) injects into the world outside Kubernetes, told as
 * an event from "kubeclass", not from a Kubernetes component: the class sees at once what happened to
 * the machine, the registry or the containers, while Kubernetes itself finds out only the way it would
 * (a Lease not renewed, a pull that fails, a container that exits).
 */
export function announceFault(
  engine: Engine,
  fault: {
    warning: boolean;
    reason: string;
    message: string;
    kind: string;
    name: string;
    namespace?: string;
    uid?: string;
  },
): void {
  engine.emit({
    type: fault.warning ? "Warning" : "Normal",
    reason: fault.reason,
    message: fault.message,
    involvedObject: {
      kind: fault.kind,
      name: fault.name,
      ...(fault.namespace ? { namespace: fault.namespace } : {}),
      ...(fault.uid ? { uid: fault.uid } : {}),
    },
    source: { component: "kubeclass" },
  });
}
