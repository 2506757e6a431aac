import { apiAvailable } from "../apiserver/availability.ts";
import type { Engine } from "../engine/Engine.ts";
import type { Lease } from "../model/cluster.ts";
import { nextInt } from "../prng.ts";

/**
 * Leader election of kube-scheduler and kube-controller-manager (client-go leaderelection) with their
 * defaults: leaseDuration 15 s, renewDeadline 10 s, retryPeriod 2 s. Every control-plane machine runs
 * a candidate; one holds the Lease in kube-system and is active. A leader that cannot renew for 10 s
 * steps down; a standby takes the Lease once it has not been renewed for 15 s.
 */
export const LEASE_DURATION_MS = 15_000;
export const RENEW_DEADLINE_MS = 10_000;
export const RETRY_PERIOD_MS = 2_000;
export const COMPONENTS = ["kube-scheduler", "kube-controller-manager"] as const;
export type LeaderComponent = (typeof COMPONENTS)[number];

function leaseKey(component: LeaderComponent): string {
  return `kube-system/${component}`;
}

/** The control-plane machine whose instance leads `component` now, if any. */
export function activeLeader(engine: Engine, component: LeaderComponent): string | undefined {
  const lease = engine.state.leases[leaseKey(component)];
  if (!lease || lease.spec.holderIdentity === "") return undefined;
  const master = lease.spec.holderIdentity.split("_")[0] ?? "";
  const up = engine.state.controlPlane.masters.some((m) => m.name === master && m.up);
  if (!up || engine.now - lease.spec.renewTime > RENEW_DEADLINE_MS) return undefined;
  return master;
}

/** Runs every retry period: the leader renews; when the Lease has expired, a standby acquires it. */
export function runLeaderElection(engine: Engine, now = false): void {
  const state = engine.state;
  if (!now && state.tick % (RETRY_PERIOD_MS / 100) !== 0) return;
  const canWrite = apiAvailable(state);
  for (const component of COMPONENTS) {
    const key = leaseKey(component);
    const lease = state.leases[key];
    const holder = lease?.spec.holderIdentity.split("_")[0];
    const holderUp = state.controlPlane.masters.some((m) => m.name === holder && m.up);
    if (!canWrite) continue;
    if (lease && holderUp && engine.now - lease.spec.renewTime <= RENEW_DEADLINE_MS) {
      lease.spec.renewTime = engine.now;
      engine.written("Lease", key, lease);
      continue;
    }
    if (lease && engine.now - lease.spec.renewTime <= LEASE_DURATION_MS) continue;
    const candidates = state.controlPlane.masters.filter((m) => m.up);
    if (candidates.length === 0) continue;
    const winner = candidates[nextInt(state.rng, candidates.length)]?.name as string;
    acquire(engine, component, winner, lease);
  }
}

function acquire(engine: Engine, component: LeaderComponent, master: string, lease: Lease | undefined): void {
  const key = leaseKey(component);
  const identity = `${master}_${engine.uid()}`;
  const now = engine.now;
  if (!lease) {
    engine.state.leases[key] = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: {
        name: component,
        namespace: "kube-system",
        uid: engine.uid(),
        labels: {},
        annotations: {},
        creationTimestamp: now,
        resourceVersion: 0,
      },
      spec: {
        holderIdentity: identity,
        leaseDurationSeconds: 15,
        acquireTime: now,
        renewTime: now,
        leaseTransitions: 0,
      },
    };
  } else {
    lease.spec.holderIdentity = identity;
    lease.spec.acquireTime = now;
    lease.spec.renewTime = now;
    lease.spec.leaseTransitions++;
  }
  const written = engine.state.leases[key] as Lease;
  engine.written("Lease", key, written);
  engine.emit({
    type: "Normal",
    reason: "LeaderElection",
    message: `${identity} became leader`,
    involvedObject: { kind: "Lease", name: component, namespace: "kube-system", uid: written.metadata.uid },
    source: { component: component === "kube-scheduler" ? "default-scheduler" : "kube-controller-manager" },
  });
}
