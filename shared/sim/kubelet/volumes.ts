import type { Engine } from "../engine/Engine.ts";
import type { KubeletState } from "../model/kubelet.ts";
import type { Node } from "../model/node.ts";
import type { Pod } from "../model/pod.ts";
import { podRef } from "../runtime/puller.ts";

/**
 * The kubelet's volume manager, for the sources that can be missing: a ConfigMap or Secret volume
 * whose object does not exist (and is not optional), a claim that does not exist or is not bound.
 * Until every volume is mounted the pod gets no sandbox (ContainerCreating, no IP). Each failed
 * MountVolume.SetUp is a FailedMount event, retried with nestedpendingoperations' back-off (0.5 s
 * doubling to 2m2s); every 2m3s WaitForAttachAndMount gives up with "timed out waiting for the
 * condition" and the pod worker tries again. Once mounted, a pod stays mounted.
 */
const RETRY_INITIAL_MS = 500;
const RETRY_MAX_MS = 122_000;
const ATTACH_AND_MOUNT_TIMEOUT_MS = 123_000;

interface Unmounted {
  volume: string;
  /** The SetUp error, or undefined for a claim the desired state of the world cannot process yet. */
  error?: string;
}

export function unmounted(engine: Engine, pod: Pod): Unmounted[] {
  const state = engine.state;
  const ns = pod.metadata.namespace;
  const out: Unmounted[] = [];
  for (const v of pod.spec.volumes ?? []) {
    if (v.configMap && !v.configMap.optional && !state.configmaps[`${ns}/${v.configMap.name}`])
      out.push({ volume: v.name, error: `configmap "${v.configMap.name}" not found` });
    else if (v.secret && !v.secret.optional && !state.secrets[`${ns}/${v.secret.secretName}`])
      out.push({ volume: v.name, error: `secret "${v.secret.secretName}" not found` });
    else if (v.persistentVolumeClaim) {
      const claim = state.persistentvolumeclaims[`${ns}/${v.persistentVolumeClaim.claimName}`];
      if (claim?.status.phase !== "Bound") out.push({ volume: v.name });
    }
  }
  return out;
}

/** Mounts the pod's volumes if it can; false while one is missing (and says so, on its schedule). */
export function mountVolumes(engine: Engine, node: Node, kubelet: KubeletState, pod: Pod): boolean {
  const uid = pod.metadata.uid;
  kubelet.mounts ??= {};
  const memory = kubelet.mounts[uid];
  if (memory?.mounted) return true;
  const missing = unmounted(engine, pod);
  if (missing.length === 0) {
    kubelet.mounts[uid] = { mounted: true };
    engine.podChanged("Kubelet", node.metadata.name, uid);
    return true;
  }
  const now = engine.now;
  const m = memory ?? { mounted: false, since: now, retries: {} };
  kubelet.mounts[uid] = m;
  const say = (message: string) =>
    engine.emit({
      type: "Warning",
      reason: "FailedMount",
      message,
      involvedObject: podRef(pod),
      source: { component: "kubelet", host: node.metadata.name },
    });
  const wake = (at: number) => engine.wake(`node:${node.metadata.name}`, at);
  for (const { volume, error } of missing) {
    if (!error) continue;
    const retry = m.retries?.[volume] ?? { next: now, delayMs: RETRY_INITIAL_MS / 2 };
    if (now >= retry.next) {
      say(`MountVolume.SetUp failed for volume "${volume}" : ${error}`);
      retry.delayMs = Math.min(retry.delayMs * 2, RETRY_MAX_MS);
      retry.next = now + retry.delayMs;
    }
    m.retries = { ...m.retries, [volume]: retry };
    wake(retry.next);
  }
  const since = m.since ?? now;
  const timeoutAt =
    since + ATTACH_AND_MOUNT_TIMEOUT_MS * (1 + Math.floor((now - since) / ATTACH_AND_MOUNT_TIMEOUT_MS));
  if (
    now - since >= ATTACH_AND_MOUNT_TIMEOUT_MS &&
    (m.timedOutAt ?? 0) < timeoutAt - ATTACH_AND_MOUNT_TIMEOUT_MS
  ) {
    m.timedOutAt = now;
    const names = missing.map((u) => u.volume);
    const unprocessed = missing.filter((u) => !u.error).map((u) => u.volume);
    say(
      `Unable to attach or mount volumes: unmounted volumes=[${names.join(" ")}], unattached volumes=[], failed to process volumes=[${unprocessed.join(" ")}]: timed out waiting for the condition`,
    );
  }
  wake(timeoutAt);
  engine.podChanged("Kubelet", node.metadata.name, uid);
  return false;
}
