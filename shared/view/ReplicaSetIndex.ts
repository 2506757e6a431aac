import { templateHash } from "../sim/controllers/deployment/replicasets.ts";
import { objectKey } from "../sim/model/meta.ts";
import type { Deployment, ReplicaSet } from "../sim/model/workload.ts";

interface Entry {
  name: string;
  /** The controlling Deployment's uid and key ("" when none controls it). */
  ownerUid: string;
  owner: string;
  created: number;
  /** templateHash of its template: equal to the Deployment's when it runs the current template. */
  hash: string;
}

/**
 * Which ReplicaSet runs each Deployment's current template, found as the Deployment controller finds
 * it (shared/sim/controllers/deployment/sync.ts): of the ReplicaSets the Deployment controls, oldest
 * first, the one whose template hashes like the Deployment's. Read-only on the engine (the controller
 * adopts orphans itself, with a write this index then sees), and each template is hashed once per
 * write of its object, not per lookup.
 */
export class ReplicaSetIndex {
  private readonly entries = new Map<string, Entry>();
  /** ReplicaSet keys by the key of the Deployment controlling them. */
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly deploymentHashes = new Map<string, string>();

  /**
   * A ReplicaSet was written or deleted (`rs` undefined). Returns the keys of the Deployments whose
   * current ReplicaSet may have changed: its controller now, and before.
   */
  replicaSetChanged(key: string, rs: ReplicaSet | undefined): string[] {
    const before = this.entries.get(key)?.owner;
    if (before) {
      const siblings = this.byOwner.get(before);
      siblings?.delete(key);
      if (siblings?.size === 0) this.byOwner.delete(before);
    }
    if (!rs) {
      this.entries.delete(key);
      return before ? [before] : [];
    }
    const controller = rs.metadata.ownerReferences?.find((o) => o.controller && o.kind === "Deployment");
    const owner = controller ? objectKey(rs.metadata.namespace, controller.name) : "";
    if (owner) {
      const siblings = this.byOwner.get(owner) ?? new Set<string>();
      siblings.add(key);
      this.byOwner.set(owner, siblings);
    }
    this.entries.set(key, {
      name: rs.metadata.name,
      ownerUid: controller?.uid ?? "",
      owner,
      created: rs.metadata.creationTimestamp,
      hash: templateHash(rs.spec.template),
    });
    return [...new Set([before, owner])].filter((k): k is string => Boolean(k));
  }

  /** A Deployment was written (its template may have changed) or deleted (`d` undefined). */
  deploymentChanged(key: string, d: Deployment | undefined): void {
    if (d) this.deploymentHashes.set(key, templateHash(d.spec.template));
    else this.deploymentHashes.delete(key);
  }

  /** The name of the ReplicaSet running the Deployment's current template, "" when none does. */
  currentOf(key: string, d: Deployment): string {
    const hash = this.deploymentHashes.get(key) ?? templateHash(d.spec.template);
    let found: Entry | undefined;
    for (const rsKey of this.byOwner.get(key) ?? []) {
      const entry = this.entries.get(rsKey);
      // a Deployment deleted and made again under the same name is another object
      if (!entry || entry.ownerUid !== d.metadata.uid || entry.hash !== hash) continue;
      if (
        !found ||
        entry.created < found.created ||
        (entry.created === found.created && entry.name < found.name)
      )
        found = entry;
    }
    return found?.name ?? "";
  }
}
