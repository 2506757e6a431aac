import { networkInterfaces } from "node:os";
import type { Request } from "express";

/** The machine's first non-internal IPv4 address: what students on the same network can reach. */
export function lanAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === "IPv4" && !a.internal) return a.address;
    }
  }
  return undefined;
}

const LOCAL_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)(:\d+)?$/i;

/**
 * The base URL for links students open (join URL, QR code). PUBLIC_URL when set; else the address the
 * teacher used, unless that is this machine's loopback, which no student could reach: then its LAN
 * address when the server listens on every interface (HOST=0.0.0.0), else the address it listens on.
 */
export function publicBaseUrl(
  configured: string | undefined,
  req: Request | undefined,
  listen: { host: string; port: number },
): string {
  if (configured) return configured;
  const host = req?.headers.host;
  if (host && !LOCAL_HOSTS.test(host)) return `${req.protocol}://${host}`;
  const everywhere = listen.host === "0.0.0.0" || listen.host === "::";
  const lan = everywhere ? lanAddress() : undefined;
  if (lan) return `http://${lan}:${listen.port}`;
  if (host) return `${req.protocol}://${host}`;
  return `http://${everywhere ? "localhost" : listen.host}:${listen.port}`;
}
