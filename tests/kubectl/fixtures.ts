import { type KubectlOptions, type KubectlResult, kubectl } from "../../shared/kubectl/kubectl.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { docs, engineFromYaml } from "../sim/harness.ts";

/**
 * The clusters the kubectl tests look at: deterministic (fixed seed), run to a known time, so whole
 * outputs can be compared with what kubectl prints.
 */
export const WEB_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, tier: frontend}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: frontend}}
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports: [{containerPort: 80}]
          resources:
            requests: {cpu: 250m, memory: 128Mi}
            limits: {memory: 256Mi}`;

export const WEB_SERVICE = `apiVersion: v1
kind: Service
metadata: {name: web, labels: {app: web}}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]`;

export const CRASH_POD = `apiVersion: v1
kind: Pod
metadata: {name: crash, labels: {app: batch}}
spec:
  containers:
    - name: main
      image: busybox:1.37
      command: ["sh", "-c", "echo starting; exit 1"]`;

export const TYPO_POD = `apiVersion: v1
kind: Pod
metadata: {name: typo, labels: {app: typo}}
spec:
  containers:
    - name: main
      image: ngnix:1.27`;

export const SHOP = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: cache, namespace: shop, labels: {app: cache}}
spec:
  containers:
    - name: redis
      image: redis:7.4`;

/** Three default workers, a Deployment behind a Service, a crash-looping pod, a typo'd image, a namespace. */
export function classroom(seconds = 60): Engine {
  const engine = engineFromYaml(docs(WEB_DEPLOYMENT, WEB_SERVICE, CRASH_POD, TYPO_POD, SHOP), 1);
  engine.runFor(seconds * 1000);
  return engine;
}

export function run(engine: Engine, line: string | string[], options?: KubectlOptions): KubectlResult {
  return kubectl(engine, line, options);
}

/** stdout of a command that must succeed. */
export function out(engine: Engine, line: string, options?: KubectlOptions): string {
  const result = kubectl(engine, line, options);
  if (result.exitCode !== 0)
    throw new Error(`kubectl ${line} failed (${result.exitCode}):\n${result.stderr}`);
  return result.stdout;
}
