import type {
  ContainerStatusView,
  EventView,
  NodeView,
  PodView,
  RegistryView,
  SessionView,
} from "../../shared/protocol/state.ts";
import type { ClusterView } from "./view.ts";

/**
 * A synthetic cluster in the synced state's shape, for the demo board and the frame-time benchmark:
 * `nodes` workers on mixed providers, `pods` pods spread over them, and `churn()` changing a share of
 * the pods (status, restarts) and emitting events as a busy cluster would.
 */
const PROVIDERS = ["local", "aws", "gcp", "azure"];
const STATUSES: [string, string][] = [
  ["Running", "Running"],
  ["Running", "Running"],
  ["Running", "Running"],
  ["Pending", "ContainerCreating"],
  ["Running", "CrashLoopBackOff"],
  ["Pending", "ImagePullBackOff"],
];

export class SyntheticCluster {
  readonly view: ClusterView;
  private seq = 0;
  private rng = 42;
  private readonly start = Date.UTC(2025, 0, 1);

  constructor(nodeCount: number, podCount: number) {
    const session: SessionView = {
      code: "DEMO00",
      scenario: "demo",
      title: "Demo",
      description: "",
      goals: [],
      translations: new Map(),
      winConditions: [],
      status: "running",
      speed: 1,
      tick: 0,
      now: this.start,
      startTime: this.start,
      durationSeconds: 0,
      tickedAt: 0,
      locked: false,
      lateJoin: true,
      seatChoice: "free",
      teamSize: 0,
      helpLevel: "full",
      manualHeartbeats: false,
      maxPlayers: 60,
      frozen: false,
      freezeMessage: "",
      leaderboardVisible: false,
    };
    const nodes = new Map<string, NodeView>();
    for (let i = 1; i <= nodeCount; i++) {
      const name = `worker-${i}`;
      nodes.set(name, {
        name,
        ready: "Ready",
        unschedulable: false,
        taints: [],
        labels: new Map([["topology.kubernetes.io/zone", `zone-${(i % 3) + 1}`]]),
        cpu: 8000,
        memory: 32 * 1024 ** 3,
        maxPods: 110,
        capacityCpu: 8000,
        capacityMemory: 32 * 1024 ** 3,
        images: new Set(["docker.io/library/nginx:1.27"]),
        requestedCpu: 0,
        requestedMemory: 0,
        pods: 0,
        internalIP: `10.0.${Math.floor(i / 250)}.${i % 250}`,
        provider: PROVIDERS[i % PROVIDERS.length] as string,
        instanceType: "m5.2xlarge",
        region: "us-east-1",
        runtime: "containerd",
        leaseRenewed: this.start,
      });
    }
    const pods = new Map<string, PodView>();
    for (let i = 0; i < podCount; i++) {
      const node = i < podCount - 20 ? `worker-${(i % nodeCount) + 1}` : "";
      const key = `default/web-${i}`;
      const containers = this.container("nginx", "nginx:1.27");
      pods.set(key, {
        key,
        name: `web-${i}`,
        namespace: "default",
        phase: node ? "Running" : "Pending",
        status: node ? "Running" : "Pending",
        node,
        nominatedNode: "",
        message: "",
        readyContainers: node ? 1 : 0,
        totalContainers: 1,
        restarts: 0,
        ip: node ? `10.244.${i >> 8}.${i & 255}` : "",
        cpu: 100,
        memory: 128 * 1024 ** 2,
        created: this.start + i,
        deleting: false,
        priority: 0,
        owner: "ReplicaSet/web-7d4b9c",
        nodeSelector: new Map(),
        nodeAffinity: [],
        tolerations: [],
        defaultTolerations: 0,
        containers: containers,
        initContainers: [],
      });
      const n = nodes.get(node);
      if (n) {
        n.requestedCpu += 100;
        n.requestedMemory += 128 * 1024 ** 2;
        n.pods++;
      }
    }
    const registries = new Map<string, RegistryView>([
      [
        "dockerhub",
        {
          name: "dockerhub",
          kind: "dockerhub",
          host: "docker.io",
          requiresCredentials: false,
          outageUntil: 0,
          rateLimit: "",
          pullsInWindow: 0,
          pullSecrets: new Set<string>(),
          revokedSecrets: new Set<string>(),
        },
      ],
      [
        "ecr",
        {
          name: "ecr",
          kind: "ecr",
          host: "123456789012.dkr.ecr.us-east-1.amazonaws.com",
          requiresCredentials: true,
          outageUntil: 0,
          rateLimit: "",
          pullsInWindow: 0,
          pullSecrets: new Set(["ecr-creds"]),
          revokedSecrets: new Set<string>(),
        },
      ],
    ]);
    this.view = {
      session,
      players: new Map(),
      seats: new Map(),
      nodes: nodes,
      pods: pods,
      workloads: new Map(),
      services: new Map(),
      events: new Map<string, EventView>(),
      registries: registries,
    };
  }

  private container(name: string, image: string): ContainerStatusView[] {
    return [
      {
        name,
        image,
        state: "running",
        reason: "",
        message: "",
        lastState: "",
        ready: true,
        restarts: 0,
        sidecar: false,
      },
    ];
  }

  private random(): number {
    // xorshift: deterministic churn, the same in every run of the benchmark
    let x = this.rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    return this.rng / 0x1_0000_0000;
  }

  /** Advances the clock by `ms` and changes `share` of the pods, with an event for each change. */
  churn(ms: number, share = 0.05): void {
    const session = this.view.session;
    session.now += ms;
    session.tick++;
    const pods = [...(this.view.pods as unknown as Map<string, PodView>).values()];
    const events = this.view.events as unknown as Map<string, EventView>;
    const changes = Math.max(1, Math.floor(pods.length * share));
    for (let i = 0; i < changes; i++) {
      const pod = pods[Math.floor(this.random() * pods.length)] as PodView;
      if (!pod.node) continue;
      const [phase, status] = STATUSES[Math.floor(this.random() * STATUSES.length)] as [string, string];
      pod.phase = phase;
      pod.status = status;
      pod.readyContainers = status === "Running" ? 1 : 0;
      if (status === "CrashLoopBackOff") pod.restarts++;
      const seq = ++this.seq;
      events.set(String(seq), {
        seq,
        type: status === "Running" ? "Normal" : "Warning",
        reason: status === "Running" ? "Started" : status === "CrashLoopBackOff" ? "BackOff" : "Failed",
        message: status === "Running" ? "Started container nginx" : `Back-off ${status}`,
        code: 0,
        params: "",
        kind: "Pod",
        name: pod.name,
        namespace: pod.namespace,
        component: "kubelet",
        host: pod.node,
        time: session.now,
      });
      if (events.size > 100) events.delete(String(seq - 100));
    }
    (this.view.nodes as unknown as Map<string, NodeView>).forEach((n) => {
      if (this.random() < ms / 10_000) n.leaseRenewed = session.now;
    });
  }
}
