import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import { objectKey } from "../model/meta.ts";
import { announceFault } from "./announce.ts";

/**
 * "Crash a Deployment's containers": every running container of its pods exits now with the given code
 * (a bad config pushed, an out-of-memory storm). The kubelets restart them by their usual rules.
 */
export function crashDeployment(
  engine: Engine,
  namespace: string,
  name: string,
  exitCode: number,
): CommandResult {
  const deployment = engine.state.deployments[objectKey(namespace, name)];
  if (!deployment) return { ok: false, code: "NotFound", message: `deployments.apps "${name}" not found` };
  let crashed = 0;
  for (const rs of Object.values(engine.state.replicasets)) {
    if (!rs.metadata.ownerReferences?.some((o) => o.uid === deployment.metadata.uid)) continue;
    for (const pod of engine.podsOwnedBy(rs.metadata.uid)) {
      const node = pod.spec.nodeName;
      const machine = node ? engine.state.machines[node] : undefined;
      if (!node || !machine?.up) continue;
      for (const container of pod.spec.containers) {
        const instance = machine.containers[`${pod.metadata.uid}/${container.name}`];
        if (!instance || instance.startedAt === undefined || instance.finishedAt !== undefined) continue;
        instance.exitAt = engine.now;
        instance.exitCode = exitCode;
        delete instance.stopAt;
        crashed++;
      }
      engine.changed("Machine", node);
      engine.wake(`node:${node}`);
    }
  }
  announceFault(engine, {
    warning: true,
    reason: "ContainersCrashed",
    message: `${crashed} containers of Deployment ${name} exited with code ${exitCode}: their kubelets restart them with back-off`,
    kind: "Deployment",
    name,
    namespace,
    uid: deployment.metadata.uid,
  });
  return {
    ok: true,
    message: `deployment.apps/${name}: ${crashed} containers crashed (exit code ${exitCode})`,
  };
}
