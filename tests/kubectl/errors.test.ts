import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { docs, engineFromYaml, podYaml } from "../sim/harness.ts";
import { classroom, run } from "./fixtures.ts";

/** Every error kubectl would print, in its own words, on stderr with exit code 1. */
let engine: Engine;
beforeAll(() => {
  engine = classroom(20);
});

function fails(line: string, stderr: string) {
  expect(run(engine, line)).toEqual({ stdout: "", stderr, exitCode: 1 });
}

describe("kubectl's own errors", () => {
  it("an unknown command, with cobra's suggestions (Levenshtein distance 2 or a prefix)", () => {
    fails(
      "gett pods",
      'error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tget\n\tset\n\nRun \'kubectl --help\' for usage.\n',
    );
    fails(
      "describ pod web",
      'error: unknown command "describ" for "kubectl"\n\nDid you mean this?\n\tdescribe\n\nRun \'kubectl --help\' for usage.\n',
    );
    fails(
      "frobnicate",
      'error: unknown command "frobnicate" for "kubectl"\nRun \'kubectl --help\' for usage.\n',
    );
  });

  it("unknown flags, missing flag values and bad numbers (pflag's wording)", () => {
    fails("get pods --foo", "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n");
    fails("get pods -z", "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n");
    fails("get pods -n", "error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n");
    fails(
      "scale deployment/web --replicas=three",
      'error: invalid argument "three" for "--replicas" flag: strconv.ParseInt: parsing "three": invalid syntax\nSee \'kubectl scale --help\' for usage.\n',
    );
    fails(
      "rollout undo deployment/web --to-revision",
      "error: flag needs an argument: --to-revision\nSee 'kubectl rollout undo --help' for usage.\n",
    );
  });

  it("unknown resource types and missing arguments", () => {
    fails("get podz", 'error: the server doesn\'t have a resource type "podz"\n');
    fails("describe deploymentz/web", 'error: the server doesn\'t have a resource type "deploymentz"\n');
    fails(
      "get",
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n',
    );
    fails(
      "get deploy deployment/web",
      "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n",
    );
    fails("get pods web -A", "error: a resource cannot be retrieved by name across all namespaces\n");
    fails("get pods web -l app=web", "error: name cannot be provided when a selector is specified\n");
    fails("delete pods", "error: resource(s) were provided, but no name was specified\n");
    fails("scale deployment/web", 'error: required flag(s) "replicas" not set\n');
    fails("set image deployment/web", "error: at least one image update is required\n");
    fails("cordon", "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n");
  });

  it("objects that do not exist, named as the API server names their resource", () => {
    fails("get deploy nope", 'Error from server (NotFound): deployments.apps "nope" not found\n');
    fails("get node worker-9", 'Error from server (NotFound): nodes "worker-9" not found\n');
    fails("describe svc nope", 'Error from server (NotFound): services "nope" not found\n');
    fails(
      "scale deploy nope --replicas=1",
      'Error from server (NotFound): deployments.apps "nope" not found\n',
    );
    fails("cordon worker-9", 'Error from server (NotFound): nodes "worker-9" not found\n');
    fails(
      "rollout status deployment/nope",
      'Error from server (NotFound): deployments.apps "nope" not found\n',
    );
    fails("set image deployment/web web=nginx:1.28", 'error: unable to find container named "web"\n');
  });

  it("the console has no shell: operators are refused, quotes must close", () => {
    fails(
      "get pods | grep web",
      'error: this console runs kubectl only: the shell operator "|" is not supported\n',
    );
    fails("get pods -l 'app=web", "error: unexpected EOF while looking for matching `''\n");
  });

  it("commands of kubectl the game has no model for say so", () => {
    fails("exec -it web -- sh", 'error: "kubectl exec" is not available in this console\n');
    fails("top nodes", "error: Metrics API not available\n");
  });

  it("help goes to stdout", () => {
    const help = run(engine, "--help");
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^kubectl controls the Kubernetes cluster manager\.\n/);
    expect(help.stdout).toContain("  get             Display one or many resources\n");
    expect(run(engine, "get --help").stdout).toContain("    -o, --output=''\n");
  });
});

describe("the API server's refusals", () => {
  it("Forbidden: a seat without the right (the scheduler's seat may only bind or say no Node fits)", () => {
    expect(run(engine, "scale deployment/web --replicas=1", { seat: "scheduler" })).toEqual({
      stdout: "",
      stderr:
        'Error from server (Forbidden): User "system:kube-scheduler" cannot Scale: the scheduler seat may Bind, NoNodeFits, Preempt\n',
      exitCode: 1,
    });
  });

  it("Invalid: the validation message as it is", () => {
    const files = {
      "pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n",
    };
    expect(run(engine, "apply -f pod.yaml", { files })).toEqual({
      stdout: "",
      stderr: 'The Pod "x" is invalid: spec.containers[0].image: Required value\n',
      exitCode: 1,
    });
  });

  it("Conflict: an apply based on an old resourceVersion", () => {
    const e = engineFromYaml(docs(podYaml("web", { image: "nginx:1.27" })), 1);
    e.runFor(5000);
    const pod = JSON.parse(run(e, "get pod web -o json").stdout);
    pod.metadata.labels = { app: "web" };
    pod.metadata.resourceVersion = "1";
    const r = run(e, "apply -f -", { stdin: JSON.stringify(pod) });
    expect(r.stderr).toBe(
      'Error from server (Conflict): Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again\n',
    );
    expect(r.exitCode).toBe(1);
  });

  it("etcd without quorum: reads and writes time out; no control plane: connection refused", () => {
    const e = engineFromYaml(
      docs(
        "apiVersion: kubeclass.dev/v1\nkind: Scenario\nmetadata: {name: ha}\nspec: {controlPlane: {replicas: 3}}",
        podYaml("web", { image: "nginx:1.27" }),
      ),
      1,
    );
    e.runFor(2000);
    expect(e.apply("instructor", { type: "FailMaster", master: "master-2" }).ok).toBe(true);
    expect(e.apply("instructor", { type: "FailMaster", master: "master-3" }).ok).toBe(true);
    const timeout = "Error from server: etcdserver: request timed out\n";
    expect(run(e, "get pods")).toEqual({ stdout: "", stderr: timeout, exitCode: 1 });
    expect(run(e, "delete pod web")).toEqual({ stdout: "", stderr: timeout, exitCode: 1 });
    expect(e.state.pods["default/web"]?.metadata.deletionTimestamp).toBeUndefined();
    expect(e.apply("instructor", { type: "FailMaster", master: "master-1" }).ok).toBe(true);
    const refused =
      "The connection to the server 10.0.0.2:6443 was refused - did you specify the right host or port?\n";
    expect(run(e, "get nodes")).toEqual({ stdout: "", stderr: refused, exitCode: 1 });
    expect(run(e, "version")).toEqual({
      stdout: "Client Version: v1.31.4\nKustomize Version: v5.4.2\n",
      stderr: refused,
      exitCode: 1,
    });
  });
});
