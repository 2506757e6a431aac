import type { RuntimeContainer } from "../sim/model/machine.ts";
import type { Pod } from "../sim/model/pod.ts";
import type { ClusterState } from "../sim/model/state.ts";
import { findManifest } from "../sim/registry/images.ts";
import { utcParts } from "../time/format.ts";

/**
 * What well-known servers print when they start (the process model marks where a banner goes, by the
 * catalogue's "banner" name; its version comes from the image): a small table of start-up lines, and
 * nginx access lines derived from the Service traffic this pod served. Lines carry their time for
 * `--timestamps` and ordering.
 */
export interface LogLine {
  at: number;
  text: string;
}

function nginxLines(at: number, version: string, workers: number): LogLine[] {
  const t = utcParts(at);
  const stamp = `${t.year}/${t.mm}/${t.dd} ${t.hh}:${t.mi}:${t.ss}`;
  const lines = [
    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
    "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
    "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
    "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
    "/docker-entrypoint.sh: Configuration complete; ready for start up",
    `${stamp} [notice] 1#1: using the "epoll" event method`,
    `${stamp} [notice] 1#1: nginx/${version}`,
    `${stamp} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) `,
    `${stamp} [notice] 1#1: OS: Linux 6.1.0-28-cloud-amd64`,
    `${stamp} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
    `${stamp} [notice] 1#1: start worker processes`,
  ];
  for (let i = 0; i < workers; i++) lines.push(`${stamp} [notice] 1#1: start worker process ${29 + i}`);
  return lines.map((text) => ({ at, text }));
}

function redisLines(at: number, version: string): LogLine[] {
  const t = utcParts(at);
  const stamp = (prefix: string) =>
    `1:${prefix} ${t.dd} ${t.month} ${t.year} ${t.hh}:${t.mi}:${t.ss}.${t.ms}`;
  return [
    `${stamp("C")} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`,
    `${stamp("C")} * Redis version=${version}, bits=64, commit=00000000, modified=0, pid=1, just started`,
    `${stamp("C")} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`,
    `${stamp("M")} * monotonic clock: POSIX clock_gettime`,
    `${stamp("M")} * Running mode=standalone, port=6379.`,
    `${stamp("M")} * Server initialized`,
    `${stamp("M")} * Ready to accept connections tcp`,
  ].map((text) => ({ at, text }));
}

function postgresLines(at: number, version: string): LogLine[] {
  const t = utcParts(at);
  const stamp = `${t.year}-${t.mm}-${t.dd} ${t.hh}:${t.mi}:${t.ss}.${t.ms} UTC`;
  return [
    'The files belonging to this database system will be owned by user "postgres".',
    "This user must also own the server process.",
    "",
    'The database cluster will be initialized with locale "en_US.utf8".',
    "",
    "Success. You can now start the database server using:",
    "",
    "PostgreSQL init process complete; ready for start up.",
    "",
    `${stamp} [1] LOG:  starting PostgreSQL ${version} (Debian ${version}-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`,
    `${stamp} [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432`,
    `${stamp} [1] LOG:  listening on IPv6 address "::", port 5432`,
    `${stamp} [1] LOG:  listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"`,
    `${stamp} [1] LOG:  database system is ready to accept connections`,
  ].map((text) => ({ at, text }));
}

function mysqlLines(at: number, version: string): LogLine[] {
  const t = utcParts(at);
  const stamp = `${t.year}-${t.mm}-${t.dd} ${t.hh}:${t.mi}:${t.ss}+00:00`;
  return [
    `${stamp} [Note] [Entrypoint]: Entrypoint script for MySQL Server ${version}-1.el9 started.`,
    `${stamp} [Note] [Entrypoint]: Initializing database files`,
    `${stamp} [Note] [Entrypoint]: MySQL init process done. Ready for start up.`,
    `${t.year}-${t.mm}-${t.dd}T${t.hh}:${t.mi}:${t.ss}.${t.ms}000Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '${version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.`,
  ].map((text) => ({ at, text }));
}

function httpdLines(at: number, version: string, ip: string): LogLine[] {
  const t = utcParts(at);
  const stamp = `[${t.weekday} ${t.month} ${t.dd} ${t.hh}:${t.mi}:${t.ss}.${t.ms}000 ${t.year}]`;
  const fqdn = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ip}. Set the 'ServerName' directive globally to suppress this message`;
  return [
    fqdn,
    fqdn,
    `${stamp} [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/${version} (Unix) configured -- resuming normal operations`,
    `${stamp} [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'`,
  ].map((text) => ({ at, text }));
}

/** At most this many access lines: a busy Service would otherwise flood the console. */
const ACCESS_LINES_KEPT = 1_000;

function accessLines(state: ClusterState, pod: Pod, from: number, to: number): LogLine[] {
  const ip = pod.status.podIP;
  if (!ip) return [];
  const lines: LogLine[] = [];
  for (const [key, traffic] of Object.entries(state.traffic)) {
    const ep = state.endpoints[key];
    const backends = (ep?.subsets ?? []).flatMap((s) => s.addresses.map((a) => a.ip)).sort();
    const index = backends.indexOf(ip);
    if (index < 0) continue;
    for (const bucket of traffic.buckets) {
      if (bucket.at < from || bucket.at >= to) continue;
      const served = bucket.requests - bucket.failures;
      // This pod's share of the second's requests, spreading the remainder round the backends.
      const share =
        Math.floor(served / backends.length) +
        ((index - ((bucket.at / 1000) % backends.length) + backends.length) % backends.length <
        served % backends.length
          ? 1
          : 0);
      const t = utcParts(bucket.at);
      const stamp = `${t.dd}/${t.month}/${t.year}:${t.hh}:${t.mi}:${t.ss} +0000`;
      for (let i = 0; i < share; i++) {
        lines.push({
          at: bucket.at,
          text: `10.244.0.1 - - [${stamp}] "GET / HTTP/1.1" 200 615 "-" "kubeclass-client/1.0" "-"`,
        });
      }
    }
  }
  return lines.slice(-ACCESS_LINES_KEPT);
}

/** The start-up lines of the server `banner` names, started at `at`, then its access lines. */
export function bannerLines(
  state: ClusterState,
  pod: Pod,
  instance: RuntimeContainer,
  banner: string,
  at: number,
): LogLine[] {
  const version = findManifest(state, instance.ref)?.process.version ?? "";
  const node = pod.spec.nodeName ? state.nodes[pod.spec.nodeName] : undefined;
  switch (banner) {
    case "nginx": {
      const workers = Math.max(1, Math.min(16, Math.floor((node?.status.capacity.cpu ?? 1000) / 1000)));
      return [
        ...nginxLines(at, version, workers),
        ...accessLines(state, pod, at, instance.finishedAt ?? state.now),
      ];
    }
    case "redis":
      return redisLines(at, version);
    case "postgres":
      return postgresLines(at, version);
    case "mysql":
      return mysqlLines(at, version);
    case "httpd":
      return httpdLines(at, version, pod.status.podIP ?? "127.0.0.1");
    default:
      return [];
  }
}
