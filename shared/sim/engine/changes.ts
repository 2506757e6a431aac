/**
 * Which API objects changed since the last drain, so the game server updates its synced projection from
 * engine changes instead of rebuilding it every tick.
 */
export type ObjectKind =
  | "Node"
  | "Pod"
  | "Namespace"
  | "Lease"
  | "Deployment"
  | "ReplicaSet"
  | "Service"
  | "Endpoints";

export interface ObjectChange {
  kind: ObjectKind;
  key: string;
  deleted: boolean;
}

export class ChangeLog {
  private changed = new Map<string, ObjectChange>();

  record(kind: ObjectKind, key: string, deleted = false): void {
    const id = `${kind}/${key}`;
    this.changed.delete(id);
    this.changed.set(id, { kind, key, deleted });
  }

  drain(): ObjectChange[] {
    const list = [...this.changed.values()];
    this.changed.clear();
    return list;
  }

  get size(): number {
    return this.changed.size;
  }
}
