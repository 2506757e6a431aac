/**
 * The master side of the cluster: control-plane machines (each runs an API server, a controller
 * manager, a scheduler and an etcd member), etcd's Raft state, and which instances lead.
 */
export interface Master {
  name: string;
  up: boolean;
  /** Its etcd member alone has failed (the machine and its other components run on). */
  etcdDown?: boolean;
}

export interface EtcdState {
  /** The member that leads Raft; absent without quorum or during an election. */
  leader?: string;
  term: number;
  /** Writes fail until this time while a new leader is elected (election timeout ~1 s). */
  electionUntil?: number;
}

export interface ControlPlaneState {
  masters: Master[];
  etcd: EtcdState;
}

/** What the controller manager remembers between syncs (lost when another instance takes over). */
export interface NodeHealth {
  /** When the controller last saw the node's Lease renewed (its own clock). */
  probeTimestamp: number;
  /** The Lease renewTime it saw then. */
  renewTime: number;
}

export interface ControllerManagerState {
  /** The instance (master name) whose memory this is; reset on a leader change. */
  instance?: string;
  nodeHealth: Record<string, NodeHealth>;
  /** Nodes waiting for their NoExecute taint, in order: tainting is rate limited (0.1 node/s). */
  taintQueue: string[];
  lastTaintAt?: number;
  nextNodeMonitorAt: number;
  /**
   * Work queues fed by watch notifications (objects changed), kept in the state so that a snapshot taken
   * between ticks continues exactly: keys of ReplicaSets, Deployments and Services to sync.
   */
  dirty: {
    replicasets: Record<string, true>;
    deployments: Record<string, true>;
    services: Record<string, true>;
    /** Added in schema 3 (absent in older states until the engine fills them in). */
    jobs: Record<string, true>;
    cronjobs: Record<string, true>;
    daemonsets: Record<string, true>;
    statefulsets: Record<string, true>;
    disruptionbudgets: Record<string, true>;
  };
  /** Owners deleted (uid -> namespace) whose dependents the garbage collector must delete. */
  deletedOwners: Record<string, string>;
  /** ReplicaSets whose pod count differs from the desired one, since when (for judging reconciles). */
  diverged: Record<string, number>;
  /** Nodes being removed from the cluster: drained, then deleted. */
  drainingNodes: Record<string, true>;
  /** The HPA controller's memory (schema 3; absent in older states until the engine fills it in). */
  autoscaling: AutoscalerMemory;
  /**
   * The PV controller's and provisioners' memory (controllers/volumes.ts): claims being provisioned,
   * with when their volume is ready, and when each waiting claim's event was last said.
   */
  volumes?: { provisioning: Record<string, number>; said: Record<string, number> };
  /** The cloud's service controller: LoadBalancer Services being made, with when they are ready. */
  loadBalancers?: Record<string, number>;
}

/** What the horizontal pod autoscaler remembers per HPA: its recent recommendations and rescales. */
export interface HPAMemory {
  recommendations: { at: number; replicas: number }[];
  scaleUpEvents: { at: number; change: number }[];
  scaleDownEvents: { at: number; change: number }[];
}

export interface AutoscalerMemory {
  /** When the HPAs are next reconciled (--horizontal-pod-autoscaler-sync-period, 15 s). */
  nextSyncAt: number;
  hpas: Record<string, HPAMemory>;
}

export interface PendingNode {
  name: string;
  provider: string;
  instanceType: string;
  joinAt: number;
  /** The node group it was asked for (cluster autoscaler), and whether it is spot capacity. */
  nodeGroup?: string;
  spot?: boolean;
}
