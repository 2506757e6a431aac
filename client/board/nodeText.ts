import type { NodeView } from "../../shared/protocol/state.ts";
import { t } from "../i18n/i18n.ts";
import { PROVIDER_LABEL, REGISTRY_LABEL } from "./theme.ts";

/**
 * How a Node's machine is named on screen: its allocatable size as a person says it ("4 CPU · 16 GiB")
 * and where it runs ("AWS EC2 m5.xlarge · us-east-1"). Local machines have no instance type to name:
 * their size says it all.
 */
export function sizeText(cpuMilli: number, memoryBytes: number): string {
  const cpu = cpuMilli / 1000;
  const gib = memoryBytes / 1024 ** 3;
  const cpuPart = Number.isInteger(cpu) ? String(cpu) : cpu.toFixed(1);
  const memPart =
    gib >= 1
      ? `${Number.isInteger(gib) ? gib : gib.toFixed(1)} GiB`
      : `${Math.round(memoryBytes / 1024 ** 2)} MiB`;
  return `${cpuPart} CPU · ${memPart}`;
}

export function nodeSizeText(node: NodeView): string {
  return sizeText(node.cpu, node.memory);
}

/** A resource provider's name: a cloud's product name, or "Local" in the page's language. */
export function providerLabel(provider: string): string {
  return provider === "local" ? t("board.providerLocal") : (PROVIDER_LABEL[provider] ?? provider);
}

/** A registry's name: a product's ("Docker Hub", "AWS ECR"), or "Local registry" in the page's language. */
export function registryLabel(kind: string): string {
  return kind === "local" ? t("board.registryLocal") : (REGISTRY_LABEL[kind] ?? kind);
}

export function machineText(node: NodeView): string {
  const provider = node.provider || "local";
  const parts = [providerLabel(provider)];
  if (node.instanceType && provider !== "local") parts.push(node.instanceType);
  const head = parts.join(" ");
  return node.region ? `${head} · ${node.region}` : head;
}

/** Requested of allocatable, short enough for a card: "1.5/4", "2.5/16Gi". */
export function usageText(requested: number, allocatable: number, unit: "cpu" | "memory"): string {
  if (unit === "cpu") {
    const f = (m: number) => (m % 1000 === 0 ? String(m / 1000) : m < 1000 ? `${m}m` : (m / 1000).toFixed(1));
    return `${f(requested)}/${f(allocatable)}`;
  }
  const gi = 1024 ** 3;
  const g = (b: number) => (b === 0 ? "0" : b % gi === 0 ? String(b / gi) : (b / gi).toFixed(1));
  return `${g(requested)}/${g(allocatable)}Gi`;
}

/** A pod's request as Kubernetes would write it, whole GiB as Gi: "500m cpu · 256Mi", "2 cpu · 8Gi". */
export function requestText(cpuMilli: number, memoryBytes: number): string {
  return `${cpuMilli % 1000 === 0 ? cpuMilli / 1000 : `${cpuMilli}m`} cpu · ${memoryShort(memoryBytes)}`;
}

export function memoryShort(bytes: number): string {
  const tenths = (bytes * 10) / 1024 ** 3;
  if (bytes >= 1024 ** 3 && Math.abs(Math.round(tenths) - tenths) < 1e-9)
    return `${Math.round(tenths) / 10}Gi`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)}Mi`;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)}Ki` : String(bytes);
}
