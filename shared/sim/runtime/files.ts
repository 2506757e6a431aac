import type { ProcessFacts, Run } from "./exec.ts";
import { KUBE_DNS_IP } from "./network.ts";

/**
 * The files a container can read: those the kubelet and runtime put in every pod (/etc/hosts,
 * /etc/resolv.conf, /etc/hostname, the ServiceAccount's namespace), the image's /etc/os-release, and
 * what the process itself wrote, and the files of its ConfigMap and Secret volumes. Other image files
 * are not modelled (other volumes neither): reading one is said so rather than failed, except in
 * /tmp, which starts empty.
 */
export type FileRead = { text: string } | { missing: true } | { unknown: true };

const SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

export function systemFile(facts: ProcessFacts, path: string): string | undefined {
  switch (path) {
    case "/etc/hostname":
      return `${facts.hostname}\n`;
    case "/etc/hosts":
      return [
        "# Kubernetes-managed hosts file.",
        "127.0.0.1\tlocalhost",
        "::1\tlocalhost ip6-localhost ip6-loopback",
        "fe00::0\tip6-localnet",
        "fe00::0\tip6-mcastprefix",
        "fe00::1\tip6-allnodes",
        "fe00::2\tip6-allrouters",
        `${facts.podIP}\t${facts.hostname}`,
        "",
      ].join("\n");
    case "/etc/resolv.conf":
      return `search ${facts.namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${KUBE_DNS_IP}\noptions ndots:5\n`;
    case "/etc/os-release": {
      const os = facts.image.os;
      if (!os) return undefined;
      const id = os.split(" ")[0]?.toLowerCase() ?? "linux";
      return `PRETTY_NAME="${os}"\nNAME="${os.replace(/ \d.*$/, "")}"\nID=${id}\n`;
    }
    case `${SERVICE_ACCOUNT}/namespace`:
      return facts.namespace;
    default:
      return undefined;
  }
}

export function readFile(run: Run, path: string): FileRead {
  const written = run.files.get(path);
  if (written !== undefined) return { text: written };
  const system = systemFile(run.facts, path);
  if (system !== undefined) return { text: system };
  const mounted = run.facts.files?.find(([p]) => p === path);
  if (mounted) return { text: mounted[1] };
  if (/^\/(tmp|var\/tmp|run)\//.test(path) || run.files.has(`deleted:${path}`)) return { missing: true };
  return { unknown: true };
}

export function fileExists(run: Run, path: string): boolean {
  const read = readFile(run, path);
  return "text" in read || ("unknown" in read && !path.startsWith("/tmp/"));
}
