import type { Labels, ObjectMeta } from "./meta.ts";

export interface ServicePort {
  name?: string;
  protocol: "TCP" | "UDP" | "SCTP";
  port: number;
  /** A container port number or a named port. */
  targetPort: number | string;
  nodePort?: number;
}

export interface Service {
  apiVersion: "v1";
  kind: "Service";
  metadata: ObjectMeta & { namespace: string };
  spec: {
    type: "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";
    selector?: Labels;
    ports: ServicePort[];
    clusterIP: string;
    sessionAffinity: "None" | "ClientIP";
  };
  /** A LoadBalancer's address once the cloud provider made it (absent meanwhile, and on a local cluster). */
  status?: { loadBalancer: { ingress?: { ip?: string; hostname?: string }[] } };
}

export interface EndpointAddress {
  ip: string;
  nodeName?: string;
  targetRef?: { kind: "Pod"; name: string; namespace: string; uid: string };
}

export interface Endpoints {
  apiVersion: "v1";
  kind: "Endpoints";
  metadata: ObjectMeta & { namespace: string };
  subsets: {
    addresses: EndpointAddress[];
    notReadyAddresses: EndpointAddress[];
    ports: { name?: string; port: number; protocol: string }[];
  }[];
}
