import { notModelled } from "../command.ts";
import { Halt, type HttpResponse } from "../exec.ts";
import { KUBE_DNS_IP } from "../network.ts";
import { busybox, complain, say, type Tool, type ToolCall } from "./types.ts";

/**
 * wget, curl, nslookup, ping and nc against the simulated cluster: names through the cluster DNS,
 * Services through kube-proxy to Ready pods, answers from the program each pod runs (network.ts), in
 * the words each tool prints. A connection refused or timed out fails as the tool reports it.
 */
const REASON: Record<number, string> = {
  200: "OK",
  301: "Moved Permanently",
  403: "Forbidden",
  404: "Not Found",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

interface Url {
  scheme: string;
  host: string;
  port: number;
  path: string;
}

function parseUrl(text: string): Url | undefined {
  const m = /^(?:([a-z]+):\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)/i.exec(text);
  if (!m) return undefined;
  const scheme = (m[1] ?? "http").toLowerCase();
  return {
    scheme,
    host: m[2] ?? "",
    port: Number(m[3] ?? (scheme === "https" ? 443 : 80)),
    path: m[4] || "/",
  };
}

type Reached =
  | { ok: true; ip: string; target: string; response: HttpResponse }
  | { ok: false; failure: "resolve" | "dns-timeout" | "refused" | "timeout"; ip?: string };

const DNS_TIMEOUT_MS = 10_000;

function request(call: ToolCall, url: Url, agent: string, connectTimeoutMs: number): Reached {
  const run = call.run;
  const dns = run.net.ask(`dns:${url.host}`, run.now);
  if (dns === "timeout") {
    run.advance(DNS_TIMEOUT_MS);
    return { ok: false, failure: "dns-timeout" };
  }
  if (dns === "") {
    run.advance(2);
    return { ok: false, failure: "resolve" };
  }
  const ip = dns.split(" ")[0] as string;
  const target = run.net.ask(`tcp:${ip}:${url.port}`, run.now);
  if (target === "refused") {
    run.advance(1);
    return { ok: false, failure: "refused", ip };
  }
  if (target === "timeout") {
    run.advance(connectTimeoutMs);
    return { ok: false, failure: "timeout", ip };
  }
  run.advance(3);
  const response = run.net.respond(target, { host: url.host, path: url.path, agent });
  if (response.assumed)
    run.note(`${call.name} ${url.scheme}://${url.host}${url.path === "/" ? "" : url.path}`, response.assumed);
  return { ok: true, ip, target, response };
}

/** The body as sent: its lines joined; a final "" line is the body's closing newline. */
function bodyText(response: HttpResponse): string {
  return response.body.join("\n");
}

/** BusyBox wget, or GNU wget where the image has it (buildpack-deps). */
const wget: Tool = (call) => {
  let quiet = false;
  let output: string | undefined;
  let spider = false;
  let serverResponse = false;
  let timeoutMs = 900_000;
  let urlText: string | undefined;
  const args = call.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "-O" || a === "--output-document") output = args[++i];
    else if (a.startsWith("-O") && !a.startsWith("--")) output = a.slice(2);
    else if (a.startsWith("--output-document=")) output = a.slice(18);
    else if (a === "-T" || a === "--timeout") timeoutMs = (Number(args[++i]) || 900) * 1000;
    else if (a.startsWith("--timeout=")) timeoutMs = (Number(a.slice(10)) || 900) * 1000;
    else if (a === "--spider") spider = true;
    else if (a === "--server-response") serverResponse = true;
    else if (a.startsWith("-") && !a.startsWith("--")) {
      if (a.includes("q")) quiet = true;
      if (a.includes("S")) serverResponse = true;
      const o = a.indexOf("O");
      if (o > 0) output = a.slice(o + 1) || args[++i];
    } else if (!a.startsWith("-")) urlText = a;
  }
  const url = urlText ? parseUrl(urlText) : undefined;
  if (!url) {
    complain(
      call,
      busybox(call)
        ? "BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL..."
        : "wget: missing URL",
    );
    return 1;
  }
  const gnu = !busybox(call);
  const agent = gnu ? "Wget/1.21.3" : "Wget";
  const reached = request(call, url, agent, timeoutMs);
  const err = (line: string) => complain(call, line);
  if (!reached.ok) {
    if (gnu) {
      if (reached.failure === "resolve" || reached.failure === "dns-timeout") {
        err(`wget: unable to resolve host address '${url.host}'`);
        return 4;
      }
      if (!quiet)
        err(
          `Connecting to ${url.host} (${url.host})|${reached.ip}|:${url.port}... failed: ${reached.failure === "refused" ? "Connection refused" : "Connection timed out"}.`,
        );
      return 4;
    }
    if (reached.failure === "resolve" || reached.failure === "dns-timeout")
      err(`wget: bad address '${url.host}'`);
    else {
      if (!quiet) err(`Connecting to ${url.host} (${reached.ip}:${url.port})`);
      err(
        reached.failure === "refused"
          ? `wget: can't connect to remote host (${reached.ip}): Connection refused`
          : "wget: download timed out",
      );
    }
    return 1;
  }
  const { response, ip } = reached;
  if (response.status === 0) {
    err(gnu ? "No data received." : "wget: error getting response: Connection reset by peer");
    return gnu ? 4 : 1;
  }
  const size = bodyText(response).length;
  const file = output ?? (spider ? undefined : url.path.split("/").filter(Boolean).pop() || "index.html");
  if (!quiet) {
    if (gnu)
      err(
        `Connecting to ${url.host} (${url.host})|${ip}|:${url.port}... connected.\nHTTP request sent, awaiting response... ${response.status} ${REASON[response.status] ?? ""}`,
      );
    else err(`Connecting to ${url.host} (${ip}:${url.port})`);
  }
  if (serverResponse) {
    // -S: the response's status line and headers, on stderr.
    err(`  HTTP/1.1 ${response.status} ${REASON[response.status] ?? ""}`);
    err(`  Content-Length: ${size}`);
  }
  if (response.status >= 400) {
    err(
      gnu
        ? `ERROR ${response.status}: ${REASON[response.status] ?? ""}.`
        : `wget: server returned error: HTTP/1.1 ${response.status} ${REASON[response.status] ?? ""}`,
    );
    return gnu ? 8 : 1;
  }
  if (spider) {
    if (!quiet) err("remote file exists");
    return 0;
  }
  if (file === "-") {
    if (!quiet && !gnu) err("writing to stdout");
    call.out.write(bodyText(response), "out");
    if (!quiet && !gnu)
      err(
        `-                    100% |********************************|   ${String(size).padStart(3)}  0:00:00 ETA\nwritten to stdout`,
      );
    return 0;
  }
  const path = file ?? "index.html";
  call.run.files.set(path, bodyText(response));
  if (!quiet) {
    if (gnu) err(`Length: ${size} [text/html]\nSaving to: '${path}'\n\n'${path}' saved [${size}/${size}]`);
    else
      err(
        `saving to '${path}'\n${path.padEnd(20)} 100% |********************************|   ${String(size).padStart(3)}  0:00:00 ETA\n'${path}' saved`,
      );
  }
  return 0;
};

const curl: Tool = (call) => {
  let silent = false;
  let showErrors = false;
  let fail = false;
  let head = false;
  let output: string | undefined;
  let writeOut: string | undefined;
  let timeoutMs = 300_000;
  let urlText: string | undefined;
  const args = call.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "-o" || a === "--output") output = args[++i];
    else if (a === "-w" || a === "--write-out") writeOut = args[++i];
    else if (a === "-m" || a === "--max-time" || a === "--connect-timeout")
      timeoutMs = (Number(args[++i]) || 300) * 1000;
    else if (
      ["-H", "--header", "-d", "--data", "-X", "--request", "-A", "--user-agent", "-u", "--user"].includes(a)
    )
      i++;
    else if (a.startsWith("--")) {
      if (a === "--silent") silent = true;
      else if (a === "--show-error") showErrors = true;
      else if (a === "--fail") fail = true;
      else if (a === "--head") head = true;
    } else if (a.startsWith("-") && a.length > 1) {
      if (a.includes("s")) silent = true;
      if (a.includes("S")) showErrors = true;
      if (a.includes("f")) fail = true;
      if (a.includes("I")) head = true;
      if (a.endsWith("o")) output = args[++i];
    } else urlText = a;
  }
  const url = urlText ? parseUrl(urlText) : undefined;
  if (!url) {
    complain(call, "curl: try 'curl --help' or 'curl --manual' for more information");
    return 2;
  }
  const error = (code: number, text: string) => {
    if (!silent || showErrors) complain(call, `curl: (${code}) ${text}`);
    return code;
  };
  const started = call.run.now;
  const reached = request(call, url, "curl/8.11.1", timeoutMs);
  if (!reached.ok) {
    const ms = call.run.now - started;
    switch (reached.failure) {
      case "resolve":
        return error(6, `Could not resolve host: ${url.host}`);
      case "dns-timeout":
        return error(28, `Resolving timed out after ${ms} milliseconds`);
      case "refused":
        return error(
          7,
          `Failed to connect to ${url.host} port ${url.port} after ${Math.max(1, ms)} ms: Couldn't connect to server`,
        );
      case "timeout":
        return error(
          28,
          `Failed to connect to ${url.host} port ${url.port} after ${ms} ms: Timeout was reached`,
        );
    }
  }
  const { response } = reached;
  if (response.status === 0) return error(52, "Empty reply from server");
  if (fail && response.status >= 400)
    return error(22, `The requested URL returned error: ${response.status}`);
  const body = head
    ? `HTTP/1.1 ${response.status} ${REASON[response.status] ?? ""}\r\nContent-Type: text/html\r\nContent-Length: ${bodyText(response).length}\r\n\r\n`
    : bodyText(response);
  if (!silent && output !== undefined && output !== "-") {
    const n = String(body.length).padStart(5);
    complain(
      call,
      "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed",
    );
    complain(call, `100 ${n}  100 ${n}    0     0   600k      0 --:--:-- --:--:-- --:--:--  600k`);
  }
  if (output !== undefined && output !== "-") {
    if (output !== "/dev/null") call.run.files.set(output, body);
  } else call.out.write(body, "out");
  if (writeOut)
    call.out.write(
      writeOut.replaceAll("%{http_code}", String(response.status)).replaceAll("\\n", "\n"),
      "out",
    );
  return 0;
};

const nslookup: Tool = (call) => {
  const name = call.args.find((a) => !a.startsWith("-"));
  if (!name) return notModelled(call, "nslookup");
  const style = call.run.facts.userland.nslookup;
  const answer = call.run.net.ask(`dns:${name}`, call.run.now);
  const server =
    style === "legacy"
      ? `Server:    ${KUBE_DNS_IP}\nAddress 1: ${KUBE_DNS_IP} kube-dns.kube-system.svc.cluster.local\n`
      : `Server:\t\t${KUBE_DNS_IP}\nAddress:\t${KUBE_DNS_IP}${style === "bind" ? "#" : ":"}53\n`;
  if (answer === "timeout") {
    call.run.advance(DNS_TIMEOUT_MS);
    say(
      call,
      style === "bind"
        ? ";; connection timed out; no servers could be reached\n"
        : `nslookup: can't resolve '${name}'`,
    );
    return 1;
  }
  call.run.advance(2);
  if (answer === "") {
    call.out.write(`${server}\n`, "out");
    if (style === "legacy") complain(call, `nslookup: can't resolve '${name}'`);
    else say(call, `** server can't find ${name}: NXDOMAIN`, "");
    return 1;
  }
  const [ip = "", fqdn = name] = answer.split(" ");
  const external = !fqdn.endsWith(".cluster.local");
  if (style === "legacy") {
    call.out.write(`${server}\nName:      ${name}\nAddress 1: ${ip}${external ? "" : ` ${fqdn}`}\n`, "out");
  } else {
    call.out.write(
      `${server}\n${external ? "Non-authoritative answer:\n" : ""}Name:\t${fqdn}\nAddress: ${ip}\n\n`,
      "out",
    );
  }
  return 0;
};

const ping: Tool = (call) => {
  let count = Number.POSITIVE_INFINITY;
  let host: string | undefined;
  for (let i = 0; i < call.args.length; i++) {
    const a = call.args[i] as string;
    if (a === "-c") count = Number(call.args[++i] ?? 1);
    else if (a.startsWith("-c")) count = Number(a.slice(2));
    else if (a === "-W" || a === "-w" || a === "-i" || a === "-s") i++;
    else if (!a.startsWith("-")) host = a;
  }
  if (!host) return notModelled(call, "ping");
  const dns = call.run.net.ask(`dns:${host}`, call.run.now);
  if (dns === "" || dns === "timeout") {
    complain(call, `ping: bad address '${host}'`);
    return 1;
  }
  const ip = dns.split(" ")[0] as string;
  // A ClusterIP is virtual: kube-proxy forwards TCP and UDP to its Service's ports, nothing answers ICMP.
  const answers = !ip.startsWith("10.96.") || ip === "10.96.0.10";
  say(call, `PING ${host} (${ip}): 56 data bytes`);
  let sent = 0;
  let received = 0;
  try {
    while (sent < count) {
      if (answers) {
        say(
          call,
          `64 bytes from ${ip}: seq=${sent} ttl=64 time=0.${String(80 + (sent % 7) * 3).padStart(3, "0")} ms`,
        );
        received++;
      }
      sent++;
      if (sent < count) call.run.advance(1000);
    }
  } catch (e) {
    if (e instanceof Halt && count === Number.POSITIVE_INFINITY) throw new Halt("forever");
    throw e;
  }
  if (!answers) call.run.advance(10_000);
  say(
    call,
    "",
    `--- ${host} ping statistics ---`,
    `${sent} packets transmitted, ${received} packets received, ${Math.round(100 - (received * 100) / sent)}% packet loss`,
  );
  if (received > 0) say(call, "round-trip min/avg/max = 0.080/0.089/0.098 ms");
  return received > 0 ? 0 : 1;
};

const nc: Tool = (call) => {
  const flags = call.args.filter((a) => a.startsWith("-")).join("");
  if (flags.includes("l")) throw new Halt("forever");
  const [host, port] = call.args.filter((a) => !a.startsWith("-"));
  if (!flags.includes("z") || !host || !port) return notModelled(call, ["nc", ...call.args].join(" "));
  const dns = call.run.net.ask(`dns:${host}`, call.run.now);
  if (dns === "" || dns === "timeout") {
    complain(call, `nc: bad address '${host}'`);
    return 1;
  }
  const ip = dns.split(" ")[0] as string;
  const target = call.run.net.ask(`tcp:${ip}:${port}`, call.run.now);
  return target === "refused" || target === "timeout" ? 1 : 0;
};

export const NET_TOOLS: Record<string, Tool> = { wget, curl, nslookup, ping, nc };
