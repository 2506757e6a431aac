import { describe, expect, it } from "vitest";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { docs, engineFromYaml, nodeYaml, podYaml } from "../sim/harness.ts";
import { out, run, WEB_DEPLOYMENT } from "./fixtures.ts";

/**
 * Commands that change the cluster: each goes through `engine.apply("user", ...)`, prints the API
 * server's answer as kubectl does, and leaves the engine in the state the command asked for.
 */
function twoNodes(): Engine {
  return engineFromYaml(docs(nodeYaml("worker-1"), nodeYaml("worker-2")), 1);
}

const MANIFESTS = {
  "web.yaml": `${WEB_DEPLOYMENT}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n`,
  "list.yaml": JSON.stringify({
    apiVersion: "v1",
    kind: "List",
    items: [
      JSON.parse(podYaml("one", { image: "nginx:1.27" })),
      JSON.parse(podYaml("two", { image: "redis:7.4" })),
    ],
  }),
};

describe("apply, create and delete", () => {
  it("apply -f creates, then reports unchanged and configured objects", () => {
    const engine = twoNodes();
    expect(run(engine, "apply -f web.yaml", { files: MANIFESTS })).toEqual({
      stdout: "deployment.apps/web created\nservice/web created\n",
      stderr: "",
      exitCode: 0,
    });
    expect(engine.state.deployments["default/web"]?.spec.replicas).toBe(3);
    expect(engine.state.services["default/web"]?.spec.selector).toEqual({ app: "web" });
    expect(out(engine, "apply -f web.yaml", { files: MANIFESTS })).toBe(
      "deployment.apps/web unchanged\nservice/web unchanged\n",
    );
    const changed = { "web.yaml": MANIFESTS["web.yaml"].replace("replicas: 3", "replicas: 5") };
    expect(out(engine, "apply -f web.yaml", { files: changed })).toBe(
      "deployment.apps/web configured\nservice/web unchanged\n",
    );
    expect(engine.state.deployments["default/web"]?.spec.replicas).toBe(5);
  });

  it("a kind: List from stdin, into the namespace given with -n", () => {
    const engine = twoNodes();
    out(engine, "create namespace shop");
    expect(run(engine, "apply -n shop -f -", { stdin: MANIFESTS["list.yaml"] })).toEqual({
      stdout: "pod/one created\npod/two created\n",
      stderr: "",
      exitCode: 0,
    });
    expect(Object.keys(engine.state.pods).sort()).toEqual(["shop/one", "shop/two"]);
    const other = JSON.stringify({
      ...JSON.parse(podYaml("three", { image: "nginx:1.27" })),
      metadata: { name: "three", namespace: "default" },
    });
    expect(run(engine, "apply -n shop -f -", { stdin: other }).stderr).toBe(
      'error: the namespace from the provided object "default" does not match the namespace "shop". You must pass \'--namespace=default\' to perform this operation.\n',
    );
  });

  it("create refuses what exists; create deployment and namespace build the objects kubectl would", () => {
    const engine = twoNodes();
    out(engine, "create -f web.yaml", { files: MANIFESTS });
    expect(run(engine, "create -f web.yaml", { files: MANIFESTS })).toEqual({
      stdout: "",
      stderr:
        'Error from server (AlreadyExists): error when creating "web.yaml": deployments.apps "web" already exists\n' +
        'Error from server (AlreadyExists): error when creating "web.yaml": services "web" already exists\n',
      exitCode: 1,
    });
    expect(out(engine, "create deployment api --image=redis:7.4 --replicas=2 --port=6379")).toBe(
      "deployment.apps/api created\n",
    );
    const api = engine.state.deployments["default/api"];
    expect(api?.metadata.labels).toEqual({ app: "api" });
    expect(api?.spec.selector).toEqual({ matchLabels: { app: "api" } });
    expect(api?.spec.replicas).toBe(2);
    expect(api?.spec.template.spec.containers).toMatchObject([
      { name: "redis", image: "redis:7.4", ports: [{ containerPort: 6379, protocol: "TCP" }] },
    ]);
    expect(run(engine, "create deployment api --image=redis:7.4").stderr).toBe(
      'error: failed to create deployment: deployments.apps "api" already exists\n',
    );
    expect(out(engine, "create ns shop")).toBe("namespace/shop created\n");
    expect(run(engine, "create namespace shop").stderr).toBe(
      'Error from server (AlreadyExists): namespaces "shop" already exists\n',
    );
  });

  it("a multi-document file: the valid documents are created, the others reported at the end", () => {
    const engine = twoNodes();
    const files = {
      "mixed.yaml": [
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: fast}",
        "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: old}\nspec: {}",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: typo}\nspec:\n  containers:\n  - name: a\n    imagee: nginx",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\nspec:\n  containers:\n  - {name: a, image: nginx:1.27}",
      ].join("\n---\n"),
      "old.yaml": "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: x}\nspec: {}\n",
    };
    expect(run(engine, "apply -f mixed.yaml", { files })).toEqual({
      stdout: "configmap/settings created\npod/ok created\n",
      stderr:
        'resource mapping not found for name: "old" namespace: "" from "mixed.yaml": no matches for kind "Deployment" in version "extensions/v1beta1"\nensure CRDs are installed first\n' +
        'Error from server (BadRequest): error when creating "mixed.yaml": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"\n',
      exitCode: 1,
    });
    expect(out(engine, "get cm settings")).toMatch(/^settings +1 /m);
    expect(out(engine, "get pod ok")).toMatch(/^ok /m);
    // the removed API alone: kubectl's words, no hint of its own
    expect(run(engine, "apply -f old.yaml", { files }).stderr).toBe(
      'error: resource mapping not found for name: "x" namespace: "" from "old.yaml": no matches for kind "Deployment" in version "extensions/v1beta1"\nensure CRDs are installed first\n',
    );
  });

  it("a file that stops being YAML: the documents before the broken one are applied, then the error", () => {
    const engine = twoNodes();
    const files = {
      "half.yaml": [
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: first}\ndata: {a: b}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n  labels: [a\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: third}\ndata: {a: b}",
      ].join("\n---\n"),
    };
    const r = run(engine, "apply -f half.yaml", { files });
    expect(r.stdout).toBe("configmap/first created\n");
    expect(r.stderr).toMatch(
      /^error: error parsing half\.yaml: error converting YAML to JSON: yaml: line \d+: /,
    );
    expect(r.exitCode).toBe(1);
    expect(run(engine, "get cm third").exitCode).toBe(1);
  });

  it("fields the game does not follow are named in a warning, as a server's warnings are printed", () => {
    const engine = twoNodes();
    const files = {
      "hp.yaml":
        "apiVersion: v1\nkind: Pod\nmetadata: {name: hp}\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: [sleep, '3600']\n    securityContext: {runAsUser: 1000}\n  volumes:\n  - {name: data, hostPath: {path: /tmp}}\n",
    };
    expect(run(engine, "apply -f hp.yaml", { files })).toEqual({
      stdout: "pod/hp created\n",
      stderr:
        "Warning: kubeclass accepts but does not simulate spec.containers[0].securityContext, spec.volumes[0].hostPath\n",
      exitCode: 0,
    });
    // said once: an unchanged object says nothing
    expect(run(engine, "apply -f hp.yaml", { files }).stderr).toBe("");
  });

  it("apply's errors name the file, as kubectl wraps the server's answer", () => {
    const engine = twoNodes();
    const files = {
      "typo.yaml":
        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n  - name: a\n    imagee: nginx\n",
      "kind.yaml": "apiVersion: apps/v1\nkind: Deploymnt\nmetadata: {name: x}\n",
      "broken.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: [a\n",
      "ns.yaml":
        "apiVersion: v1\nkind: Pod\nmetadata: {name: x, namespace: nope}\nspec:\n  containers:\n  - {name: a, image: nginx}\n",
    };
    expect(run(engine, "apply -f typo.yaml", { files }).stderr).toBe(
      'Error from server (BadRequest): error when creating "typo.yaml": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"\n',
    );
    expect(run(engine, "apply -f kind.yaml", { files }).stderr).toBe(
      'error: resource mapping not found for name: "x" namespace: "" from "kind.yaml": no matches for kind "Deploymnt" in version "apps/v1"\nensure CRDs are installed first\n',
    );
    expect(run(engine, "apply -f broken.yaml", { files }).stderr).toMatch(
      /^error: error parsing broken\.yaml: error converting YAML to JSON: yaml: line \d+: /,
    );
    expect(run(engine, "apply -f ns.yaml", { files }).stderr).toBe(
      'Error from server (NotFound): error when creating "ns.yaml": namespaces "nope" not found\n',
    );
    expect(run(engine, "apply -f missing.yaml", { files }).stderr).toBe(
      'error: the path "missing.yaml" does not exist\n',
    );
    expect(run(engine, "apply").stderr).toBe("error: must specify one of -f and -k\n");
    expect(Object.keys(engine.state.pods)).toEqual([]);
  });

  it("delete by name, TYPE/NAME, file and selector", () => {
    const engine = twoNodes();
    out(engine, "apply -f web.yaml", { files: MANIFESTS });
    out(engine, "apply -f list.yaml", { files: MANIFESTS });
    engine.runFor(10_000);
    expect(out(engine, "delete pod one")).toBe('pod "one" deleted\n');
    expect(engine.state.pods["default/one"]?.metadata.deletionTimestamp).toBe(engine.now + 30_000);
    expect(out(engine, "delete pod/two svc/web")).toBe('pod "two" deleted\nservice "web" deleted\n');
    expect(engine.state.services["default/web"]).toBeUndefined();
    expect(engine.state.endpoints["default/web"]).toBeUndefined();
    expect(run(engine, "delete -f web.yaml", { files: MANIFESTS })).toEqual({
      stdout: 'deployment.apps "web" deleted\n',
      stderr: 'Error from server (NotFound): error when deleting "web.yaml": services "web" not found\n',
      exitCode: 1,
    });
    expect(engine.state.deployments["default/web"]).toBeUndefined();
    engine.runFor(40_000);
    expect(Object.keys(engine.state.pods)).toEqual([]);
    expect(
      out(engine, "run a --image=nginx:1.27 -l app=x") + out(engine, "run b --image=nginx:1.27 -l app=x"),
    ).toBe("pod/a created\npod/b created\n");
    expect(out(engine, "delete pods -l app=x")).toBe('pod "a" deleted\npod "b" deleted\n');
    expect(Object.keys(engine.state.pods)).toEqual([]);
  });
});

describe("scale, set image and rollout", () => {
  function rolledOut(): Engine {
    const engine = twoNodes();
    out(engine, "apply -f web.yaml", { files: MANIFESTS });
    engine.runFor(30_000);
    return engine;
  }

  it("scale changes the Deployment's replicas and its ReplicaSet follows", () => {
    const engine = rolledOut();
    expect(out(engine, "scale deployment/web --replicas=5")).toBe("deployment.apps/web scaled\n");
    expect(engine.state.deployments["default/web"]?.spec.replicas).toBe(5);
    engine.runFor(10_000);
    expect(out(engine, "get deploy web")).toBe(
      "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    5/5     5            5           40s\n",
    );
    expect(out(engine, "scale --replicas=1 deploy web")).toBe("deployment.apps/web scaled\n");
    expect(run(engine, "scale pod/web-x --replicas=1").stderr).toBe(
      "Error from server (NotFound): the server could not find the requested resource\n",
    );
  });

  it("set image starts a rolling update; rollout status reports it as kubectl does, without blocking", () => {
    const engine = rolledOut();
    expect(out(engine, "rollout status deployment/web")).toBe('deployment "web" successfully rolled out\n');
    expect(out(engine, "set image deployment/web nginx=nginx:1.26")).toBe(
      "deployment.apps/web image updated\n",
    );
    expect(engine.state.deployments["default/web"]?.spec.template.spec.containers[0]?.image).toBe(
      "nginx:1.26",
    );
    expect(out(engine, "rollout status deploy/web")).toBe(
      "Waiting for deployment spec update to be observed...\n",
    );
    engine.runFor(200);
    expect(out(engine, "rollout status deploy/web")).toBe(
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    );
    engine.runFor(60_000);
    expect(out(engine, "rollout status deploy/web")).toBe('deployment "web" successfully rolled out\n');
    expect(out(engine, "rollout history deployment/web")).toBe(
      "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n",
    );
    const revision1 = out(engine, "rollout history deployment/web --revision=1");
    expect(revision1).toMatch(
      /^deployment\.apps\/web with revision #1\nPod Template:\n {2}Labels:\tapp=web\n/,
    );
    expect(revision1).toContain("    Image:\tnginx:1.27\n");
    expect(run(engine, "rollout history deployment/web --revision=7").stderr).toBe(
      "error: unable to find the specified revision\n",
    );
  });

  it("rollout undo puts the previous template back; --to-revision picks one", () => {
    const engine = rolledOut();
    out(engine, "set image deployment/web nginx=nginx:1.26");
    engine.runFor(60_000);
    const image = () => engine.state.deployments["default/web"]?.spec.template.spec.containers[0]?.image;
    expect(out(engine, "rollout undo deployment/web")).toBe("deployment.apps/web rolled back\n");
    expect(image()).toBe("nginx:1.27");
    engine.runFor(60_000);
    expect(out(engine, "rollout history deploy/web")).toBe(
      "deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n",
    );
    expect(out(engine, "rollout undo deployment/web --to-revision=2")).toBe(
      "deployment.apps/web rolled back\n",
    );
    expect(image()).toBe("nginx:1.26");
    expect(run(engine, "rollout undo deployment/web --to-revision=9")).toEqual({
      stdout: "",
      stderr: "error: unable to find specified revision 9 in history\n",
      exitCode: 1,
    });
    const describe = out(engine, "describe deployment web");
    expect(describe).toMatch(
      /\nOldReplicaSets: {2}web-\w+ \(\d+\/\d+ replicas created\)\nNewReplicaSet: {3}web-\w+ \(\d+\/\d+ replicas created\)\n/,
    );
    expect(describe).toContain("DeploymentRollback");
  });
});

describe("cordon, uncordon and drain", () => {
  function busy(): Engine {
    const engine = twoNodes();
    out(engine, "apply -f web.yaml", { files: MANIFESTS });
    out(engine, "run bare --image=nginx:1.27");
    engine.runFor(20_000);
    return engine;
  }

  it("cordon marks the node unschedulable; uncordon clears it", () => {
    const engine = busy();
    expect(out(engine, "cordon worker-1")).toBe("node/worker-1 cordoned\n");
    expect(engine.state.nodes["worker-1"]?.spec.unschedulable).toBe(true);
    expect(out(engine, "cordon node/worker-1")).toBe("node/worker-1 already cordoned\n");
    expect(out(engine, "get nodes")).toBe(
      "NAME       STATUS                     ROLES    AGE   VERSION\nworker-1   Ready,SchedulingDisabled   <none>   20s   v1.31.4\nworker-2   Ready                      <none>   20s   v1.31.4\n",
    );
    expect(out(engine, "uncordon worker-1")).toBe("node/worker-1 uncordoned\n");
    expect(engine.state.nodes["worker-1"]?.spec.unschedulable).toBe(false);
  });

  it("drain refuses pods without a controller unless --force, but cordons first", () => {
    const engine = busy();
    const node = engine.state.pods["default/bare"]?.spec.nodeName as string;
    expect(run(engine, `drain ${node} --ignore-daemonsets`)).toEqual({
      stdout: `node/${node} cordoned\n`,
      stderr:
        `error: unable to drain node "${node}" due to error: cannot delete Pods that declare no controller (use --force to override): default/bare, continuing command...\n` +
        `There are pending nodes to be drained:\n ${node}\n` +
        "cannot delete Pods that declare no controller (use --force to override): default/bare\n",
      exitCode: 1,
    });
    expect(engine.state.nodes[node]?.spec.unschedulable).toBe(true);
    expect(engine.state.pods["default/bare"]?.metadata.deletionTimestamp).toBeUndefined();
  });

  it("drain --force evicts every pod of the node and the ReplicaSet replaces them elsewhere", () => {
    const engine = busy();
    const node = engine.state.pods["default/bare"]?.spec.nodeName as string;
    const other = node === "worker-1" ? "worker-2" : "worker-1";
    const onNode = Object.values(engine.state.pods)
      .filter((p) => p.spec.nodeName === node)
      .map((p) => p.metadata.name)
      .sort();
    const r = run(engine, `drain ${node} --ignore-daemonsets --delete-emptydir-data --force`);
    expect(r.stderr).toBe("Warning: deleting Pods that declare no controller: default/bare\n");
    expect(r.stdout).toBe(
      [
        `node/${node} cordoned`,
        ...onNode.map((p) => `evicting pod default/${p}`),
        ...onNode.map((p) => `pod/${p} evicted`),
        `node/${node} drained`,
        "",
      ].join("\n"),
    );
    for (const name of onNode) {
      const pod = engine.state.pods[`default/${name}`];
      expect(pod?.metadata.deletionTimestamp).toBeDefined();
      expect(pod?.status.conditions.find((c) => c.type === "DisruptionTarget")?.reason).toBe(
        "EvictionByEvictionAPI",
      );
    }
    engine.runFor(40_000);
    const pods = Object.values(engine.state.pods);
    expect(pods.filter((p) => p.metadata.labels.app === "web" && p.status.phase === "Running")).toHaveLength(
      3,
    );
    expect(pods.every((p) => p.spec.nodeName === other)).toBe(true);
  });
});

describe("run and expose", () => {
  it("run creates a pod; expose a Service selecting the Deployment's pods", () => {
    const engine = twoNodes();
    expect(out(engine, "run tmp --image=busybox:1.37 --restart=Never -- sh -c 'echo hello'")).toBe(
      "pod/tmp created\n",
    );
    expect(engine.state.pods["default/tmp"]?.spec).toMatchObject({
      restartPolicy: "Never",
      containers: [{ name: "tmp", image: "busybox:1.37", args: ["sh", "-c", "echo hello"] }],
    });
    expect(engine.state.pods["default/tmp"]?.metadata.labels).toEqual({ run: "tmp" });
    out(engine, "create deployment api --image=redis:7.4 --port=6379");
    expect(out(engine, "expose deployment api")).toBe("service/api exposed\n");
    expect(engine.state.services["default/api"]?.spec).toMatchObject({
      selector: { app: "api" },
      ports: [{ port: 6379, protocol: "TCP", targetPort: 6379 }],
    });
  });
});
