import type { CommandResult } from "../../commands.ts";
import type { Engine } from "../../engine/Engine.ts";
import { objectKey } from "../../model/meta.ts";
import { HASH_LABEL, ownedReplicaSets, revisionOf, SOURCE, templateHash } from "./replicasets.ts";

/** `kubectl rollout undo`: put the template of an earlier revision back into the Deployment. */
export function rolloutUndo(engine: Engine, namespace: string, name: string, toRevision = 0): CommandResult {
  const key = objectKey(namespace, name);
  const d = engine.state.deployments[key];
  if (!d) return { ok: false, code: "NotFound", message: `deployments.apps "${name}" not found` };
  const history = ownedReplicaSets(engine, d).sort((a, b) => revisionOf(b) - revisionOf(a));
  if (history.length === 0) {
    return {
      ok: false,
      code: "NotFound",
      message: `error: no rollout history found for deployment "${name}"`,
    };
  }
  const target = toRevision === 0 ? history[1] : history.find((rs) => revisionOf(rs) === toRevision);
  if (!target) {
    const message =
      toRevision === 0
        ? `error: no rollout history found for deployment "${name}"`
        : `error: unable to find specified revision ${toRevision} in history`;
    return { ok: false, code: "NotFound", message };
  }
  const template = structuredClone(target.spec.template);
  delete template.metadata.labels[HASH_LABEL];
  if (templateHash(template) === templateHash(d.spec.template)) {
    return {
      ok: true,
      message: `deployment.apps/${name} skipped rollback (current template already matches revision ${revisionOf(target)})`,
    };
  }
  d.spec.template = template;
  d.metadata.generation = (d.metadata.generation ?? 1) + 1;
  engine.written("Deployment", key, d);
  engine.emit({
    type: "Normal",
    reason: "DeploymentRollback",
    message: `Rolled back deployment "${name}" to revision ${revisionOf(target)}`,
    involvedObject: { kind: "Deployment", name, namespace, uid: d.metadata.uid },
    source: SOURCE,
  });
  return { ok: true, message: `deployment.apps/${name} rolled back` };
}
