import type { RuntimeContainer } from "../../model/machine.ts";
import type { Container, Pod, Probe } from "../../model/pod.ts";
import type { ClusterState } from "../../model/state.ts";
import { execInContainer } from "../../runtime/containerexec.ts";
import { answer, httpAnswer, type PodView } from "../../runtime/network.ts";

/**
 * One probe, as the kubelet's prober runs it (pkg/kubelet/prober/prober.go and pkg/probe/): an exec in
 * the container, an HTTP GET, a TCP connection or a gRPC health check from the node to the pod's IP.
 * The output is what the Unhealthy event quotes after "Liveness probe failed: ".
 */
export interface ProbeOutcome {
  result: "success" | "failure";
  output: string;
}

const failure = (output: string): ProbeOutcome => ({ result: "failure", output });
const success = (output = ""): ProbeOutcome => ({ result: "success", output });

/** A named port of the container, or the number itself (findPortByName). */
function resolvePort(container: Container, port: number | string): number | undefined {
  if (typeof port === "number") return port;
  const byName = container.ports?.find((p) => p.name === port)?.containerPort;
  return byName ?? (/^\d+$/.test(port) ? Number(port) : undefined);
}

export function runProbe(
  state: ClusterState,
  pod: Pod,
  container: Container,
  instance: RuntimeContainer,
  probe: Probe,
): ProbeOutcome {
  const timeoutMs = probe.timeoutSeconds * 1000;
  if (probe.exec) {
    const r = execInContainer(state, pod, instance, probe.exec.command, timeoutMs);
    if (r.timedOut) return failure(`command ${JSON.stringify(probe.exec.command.join(" "))} timed out`);
    return r.exitCode === 0 ? success(r.output.trim()) : failure(r.output.trim());
  }
  // The kubelet reaches the pod from the node's network namespace.
  const node = state.nodes[pod.spec.nodeName ?? ""];
  const from: PodView = {
    namespace: pod.metadata.namespace,
    ip: node?.status.addresses[0]?.address ?? "",
    online: true,
  };
  const handler = probe.httpGet ?? probe.tcpSocket ?? probe.grpc;
  const host = (probe.httpGet?.host ?? probe.tcpSocket?.host) || (pod.status.podIP ?? "");
  const port = handler ? resolvePort(container, handler.port) : undefined;
  if (port === undefined) return failure(`unable to find port ${JSON.stringify(String(handler?.port))}`);
  const address = `${host}:${port}`;
  const reached = answer(state, from, `tcp:${address}`);
  if (probe.httpGet) {
    const scheme = probe.httpGet.scheme.toLowerCase();
    const url = `${scheme}://${address}${probe.httpGet.path}`;
    if (reached === "refused")
      return failure(`Get "${url}": dial tcp ${address}: connect: connection refused`);
    if (!reached.startsWith("pod "))
      return failure(
        `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      );
    const response = httpAnswer(state, from, reached, {
      host: address,
      path: probe.httpGet.path,
      agent: "kube-probe/1.31",
    });
    if (response.status >= 200 && response.status < 400) return success();
    return failure(`HTTP probe failed with statuscode: ${response.status}`);
  }
  if (probe.tcpSocket) {
    if (reached.startsWith("pod ")) return success();
    return failure(
      reached === "refused"
        ? `dial tcp ${address}: connect: connection refused`
        : `dial tcp ${address}: i/o timeout`,
    );
  }
  // gRPC: a server listening on the port is taken to answer the health service with SERVING.
  if (reached.startsWith("pod ")) return success();
  return failure(
    `timeout: failed to connect service ${JSON.stringify(address)} within ${probe.timeoutSeconds}s: context deadline exceeded`,
  );
}
