import { describe, expect, it } from "vitest";
import { docs, engineFromYaml, eventsOf, nodeYaml, podYaml, runUntil, waitingReason } from "../harness.ts";

/** Runs one pod on one node until it runs or fails to pull; returns the outcome the student sees. */
function pull(image: string, node = nodeYaml("worker-1")) {
  const engine = engineFromYaml(docs(node, podYaml("p", { image })));
  runUntil(
    engine,
    () =>
      waitingReason(engine, "p") === "ErrImagePull" ||
      eventsOf(engine, "p").some((e) => e.reason === "Pulled"),
    120_000,
  );
  const failed = eventsOf(engine, "p").find(
    (e) => e.reason === "Failed" && e.message.startsWith("Failed to pull"),
  );
  return { engine, pulled: failed === undefined, message: failed?.message };
}

const PREFIX = (image: string, ref: string, code = "Unknown") =>
  `Failed to pull image "${image}": rpc error: code = ${code} desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": `;

describe("images that were published pull, on every well-known registry", () => {
  it.each([
    "nginx:1.14.2",
    "nginx:1.15",
    "nginx:1.7.9",
    "redis:6.0.5",
    "redis:5",
    "mysql:5.6",
    "busybox:1.28",
    "httpd:2.4-alpine",
    "postgres:16-alpine",
    "wordpress:6.2.1-apache",
    "registry.k8s.io/pause:3.9",
    "k8s.gcr.io/pause:3.1",
    "registry.k8s.io/e2e-test-images/agnhost:2.39",
    "registry.k8s.io/nginx-slim:0.24",
    "registry.k8s.io/ingress-nginx/controller:v1.11.3",
    "gcr.io/google-samples/hello-app:1.0",
    "us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0",
    "us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5",
    "us-central1-docker.pkg.dev/google-samples/microservices-demo/frontend:v0.10.2",
    "gcr.io/google-samples/microservices-demo/cartservice:v0.8.0",
    "ghcr.io/stefanprodan/podinfo:6.7.1",
    "stefanprodan/podinfo:6.5.0",
    "quay.io/prometheus/node-exporter:v1.8.2",
    "quay.io/jetstack/cert-manager-controller:v1.16.2",
    "mcr.microsoft.com/dotnet/samples:aspnetapp",
    "mcr.microsoft.com/azuredocs/aks-helloworld:v1",
    "public.ecr.aws/nginx/nginx:1.27",
    "public.ecr.aws/docker/library/redis:7.4",
    "kennethreitz/httpbin",
    "paulbouwer/hello-kubernetes:1.10",
    "bitnami/redis:7.4",
    "polinux/stress",
  ])("%s", (image) => {
    const { pulled, message } = pull(image);
    expect(message).toBeUndefined();
    expect(pulled).toBe(true);
  });
});

describe("failed pulls, worded as containerd reports them", () => {
  it.each([
    [
      "a tag never published: NotFound",
      "nginx:1.99",
      `${PREFIX("nginx:1.99", "docker.io/library/nginx:1.99", "NotFound")}docker.io/library/nginx:1.99: not found`,
    ],
    [
      "no 'latest' on registry.k8s.io/pause",
      "registry.k8s.io/pause",
      `${PREFIX("registry.k8s.io/pause", "registry.k8s.io/pause:latest", "NotFound")}registry.k8s.io/pause:latest: not found`,
    ],
    [
      "k8s.gcr.io froze before pause 3.10",
      "k8s.gcr.io/pause:3.10",
      `${PREFIX("k8s.gcr.io/pause:3.10", "k8s.gcr.io/pause:3.10", "NotFound")}k8s.gcr.io/pause:3.10: not found`,
    ],
    [
      "a typo'd repository: pull access denied",
      "ngnix:1.27",
      `${PREFIX("ngnix:1.27", "docker.io/library/ngnix:1.27")}pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
    ],
    [
      "an unknown host: the node's resolver (systemd-resolved on a Local node), not the cluster DNS",
      "registry.example.com/app:1",
      `${PREFIX("registry.example.com/app:1", "registry.example.com/app:1")}failed to do request: Head "https://registry.example.com/v2/app/manifests/1": dial tcp: lookup registry.example.com on 127.0.0.53:53: no such host`,
    ],
    [
      "a region that does not exist",
      "us-centrall-docker.pkg.dev/p/r/app:1",
      `${PREFIX("us-centrall-docker.pkg.dev/p/r/app:1", "us-centrall-docker.pkg.dev/p/r/app:1")}failed to do request: Head "https://us-centrall-docker.pkg.dev/v2/p/r/app/manifests/1": dial tcp: lookup us-centrall-docker.pkg.dev on 127.0.0.53:53: no such host`,
    ],
    [
      "a registry on the node itself that does not run",
      "localhost:5000/app:1",
      `${PREFIX("localhost:5000/app:1", "localhost:5000/app:1")}failed to do request: Head "https://localhost:5000/v2/app/manifests/1": dial tcp 127.0.0.1:5000: connect: connection refused`,
    ],
  ])("%s", (_, image, expected) => {
    const { message, engine } = pull(image);
    expect(message).toBe(expected);
    expect(eventsOf(engine, "p").map((e) => e.reason)).toEqual(["Scheduled", "Pulling", "Failed", "Failed"]);
  });

  it.each([
    ["aws", "10.0.0.2"],
    ["gcp", "169.254.169.254"],
    ["azure", "168.63.129.16"],
  ])("a %s node looks hosts up with its provider's resolver (%s)", (provider, resolver) => {
    const { message } = pull(
      "registry.example.com/app:1",
      nodeYaml("worker-1", { annotations: { "kubeclass.dev/provider": provider } }),
    );
    expect(message).toContain(`dial tcp: lookup registry.example.com on ${resolver}:53: no such host`);
  });

  it("the board meets a public registry when a node first pulls from it", () => {
    const { engine } = pull("ghcr.io/stefanprodan/podinfo:6.7.1");
    expect(engine.state.registries["ghcr.io"]).toMatchObject({
      kind: "ghcr",
      host: "ghcr.io",
      requiresCredentials: false,
    });
    expect(Object.keys(engine.state.registries).sort()).toEqual(["dockerhub", "ghcr.io"]);
  });

  it("the image's layers are shared across registries that copy it (a mirror keeps the digests)", () => {
    const { engine } = pull("public.ecr.aws/docker/library/redis:7.4");
    const images = engine.state.nodes["worker-1"]?.status.images ?? [];
    expect(images[0]?.names).toContain("public.ecr.aws/docker/library/redis:7.4");
    expect(images[0]?.names[0]).toMatch(/^public\.ecr\.aws\/docker\/library\/redis@sha256:/);
  });
});
