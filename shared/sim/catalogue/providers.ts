import type { ProviderName } from "../model/node.ts";
import type { InstanceType, Provider } from "../model/registry.ts";
import { Gi, MB } from "../quantity.ts";

const it = (
  name: string,
  cpus: number,
  memoryGi: number,
  pricePerHour: number,
  gbps: number,
): InstanceType => ({
  name,
  cpu: cpus * 1000,
  memory: memoryGi * Gi,
  pricePerHour,
  bandwidth: (gbps * 1000 * MB) / 8,
});

/**
 * Resource providers and a few of their instance types, with on-demand prices (USD per hour, us-east
 * regions, 2025) and typical time from request to a Ready node. Figures are representative, for teaching.
 */
export const PROVIDERS: Record<ProviderName, Provider> = {
  local: {
    name: "local",
    displayName: "Local",
    bootSeconds: 45,
    defaultRegion: "on-prem",
    // systemd-resolved's stub, as on the Ubuntu and Debian machines kubeadm guides use.
    nameserver: "127.0.0.53",
    instanceTypes: [
      it("local-2c4g", 2, 4, 0, 1),
      it("local-4c8g", 4, 8, 0, 1),
      it("local-8c16g", 8, 16, 0, 10),
    ],
  },
  aws: {
    name: "aws",
    displayName: "AWS EC2",
    bootSeconds: 90,
    defaultRegion: "us-east-1",
    // The Amazon-provided DNS at the VPC's base + 2 (nodes sit in 10.0.0.0/16).
    nameserver: "10.0.0.2",
    instanceTypes: [
      it("t3.medium", 2, 4, 0.0416, 5),
      it("m5.large", 2, 8, 0.096, 10),
      it("m5.xlarge", 4, 16, 0.192, 10),
      it("c5.2xlarge", 8, 16, 0.34, 10),
    ],
  },
  gcp: {
    name: "gcp",
    displayName: "GCP Compute Engine",
    bootSeconds: 60,
    defaultRegion: "us-central1",
    // Compute Engine's metadata server answers DNS.
    nameserver: "169.254.169.254",
    instanceTypes: [
      it("e2-medium", 2, 4, 0.0335, 4),
      it("e2-standard-4", 4, 16, 0.134, 8),
      it("n2-standard-8", 8, 32, 0.3885, 16),
    ],
  },
  azure: {
    name: "azure",
    displayName: "Azure VM",
    bootSeconds: 120,
    defaultRegion: "eastus",
    // Azure's virtual public IP, the platform resolver of every VNet.
    nameserver: "168.63.129.16",
    instanceTypes: [
      it("Standard_B2s", 2, 4, 0.0416, 1),
      it("Standard_D4s_v5", 4, 16, 0.192, 12.5),
      it("Standard_D8s_v5", 8, 32, 0.384, 12.5),
    ],
  },
};

export const DEFAULT_INSTANCE: Record<ProviderName, string> = {
  local: "local-4c8g",
  aws: "m5.xlarge",
  gcp: "e2-standard-4",
  azure: "Standard_D4s_v5",
};

export function findInstanceType(provider: ProviderName, name: string): InstanceType | undefined {
  return PROVIDERS[provider].instanceTypes.find((t) => t.name === name);
}

/** Reads the provider from a node's spec.providerID the way cloud controllers write it. */
export function providerFromProviderID(providerID: string | undefined): ProviderName | undefined {
  if (!providerID) return undefined;
  if (providerID.startsWith("aws://")) return "aws";
  if (providerID.startsWith("gce://")) return "gcp";
  if (providerID.startsWith("azure://")) return "azure";
  return undefined;
}
