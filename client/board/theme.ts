/**
 * Colours and fonts of the board. Every status has a colour and a second cue (icon, outline or
 * pattern) so it reads without colour too; text colours keep a 4.5:1 contrast on their backgrounds.
 */
export const COLORS = {
  background: "#eef2f8",
  grid: "#dde4ef",
  ink: "#0f172a",
  muted: "#475569",
  faint: "#94a3b8",
  card: "#ffffff",
  cardBorder: "#cbd5e1",
  k8s: "#326ce5",
  k8sDark: "#1e4fb8",
  k8sTint: "#e8f0fe",
  controlPlane: "#f4f7ff",
  etcd: "#0e7490",
  ok: "#15803d",
  okTint: "#dcfce7",
  warn: "#b45309",
  warnTint: "#fef3c7",
  bad: "#b91c1c",
  badTint: "#fee2e2",
  busy: "#1d4ed8",
  busyTint: "#dbeafe",
  done: "#64748b",
  doneTint: "#f1f5f9",
  gone: "#6d28d9",
  goneTint: "#ede9fe",
  flow: "#326ce5",
  flowBad: "#dc2626",
  pull: "#0e7490",
} as const;

export const FONT =
  '"Inter", "Segoe UI", system-ui, -apple-system, "Noto Sans TC", "Noto Sans JP", sans-serif';
export const MONO = 'ui-monospace, "SFMono-Regular", "Menlo", "Consolas", "Noto Sans Mono CJK TC", monospace';

export type Tone = "ok" | "warn" | "bad" | "busy" | "done" | "gone";

const BAD_STATUS = new Set([
  "ErrImagePull",
  "ImagePullBackOff",
  "CrashLoopBackOff",
  "Error",
  "Failed",
  "OOMKilled",
  "StartError",
  "InvalidImageName",
  "ErrImageNeverPull",
  "CreateContainerError",
  "CreateContainerConfigError",
  "RunContainerError",
  "ContainerStatusUnknown",
  "Evicted",
  "Unknown",
]);

/** The tone of a pod from kubectl's STATUS column and its readiness. */
export function podTone(status: string, phase: string, ready: boolean, deleting: boolean): Tone {
  if (deleting || status === "Terminating") return "gone";
  // an init container's trouble reads as the app's, behind "Init:" (Init:CrashLoopBackOff, Init:OOMKilled)
  const own = status.startsWith("Init:") ? status.slice(5) : status;
  if (BAD_STATUS.has(own) || status.startsWith("OutOf")) return "bad";
  if (phase === "Succeeded" || status === "Completed") return "done";
  if (phase === "Running") return ready ? "ok" : "warn";
  // Pending for the scheduler, or held back from it (schedulingGates)
  if (phase === "Pending") return status === "Pending" || status === "SchedulingGated" ? "warn" : "busy";
  if (phase === "Failed") return "bad";
  return "busy";
}

export const TONE_COLOR: Record<Tone, string> = {
  ok: COLORS.ok,
  warn: COLORS.warn,
  bad: COLORS.bad,
  busy: COLORS.busy,
  done: COLORS.done,
  gone: COLORS.gone,
};

export const TONE_TINT: Record<Tone, string> = {
  ok: COLORS.okTint,
  warn: COLORS.warnTint,
  bad: COLORS.badTint,
  busy: COLORS.busyTint,
  done: COLORS.doneTint,
  gone: COLORS.goneTint,
};

/** A symbol that carries the tone without colour. */
export const TONE_ICON: Record<Tone, string> = {
  ok: "✓",
  warn: "…",
  bad: "!",
  busy: "↻",
  done: "■",
  gone: "✕",
};

export function hex(color: string): number {
  return Number.parseInt(color.slice(1), 16);
}

/** Short product name of a node's machine ("AWS EC2"); "Local" is a catalog word (nodeText.ts). */
export const PROVIDER_LABEL: Record<string, string> = {
  aws: "AWS EC2",
  gcp: "GCE",
  azure: "Azure VM",
};

/** Product names of the registries; the local one is a catalog word (nodeText.ts). */
export const REGISTRY_LABEL: Record<string, string> = {
  dockerhub: "Docker Hub",
  ecr: "AWS ECR",
  gar: "GCP GAR",
  acr: "Azure ACR",
  k8s: "registry.k8s.io",
  ghcr: "GitHub ghcr.io",
  quay: "Red Hat Quay",
  mcr: "Microsoft MCR",
  "ecr-public": "ECR Public",
};
