import {
  APPLY_FLAGS,
  CREATE_DEPLOYMENT_FLAGS,
  runApply,
  runCreate,
  runCreateDeployment,
  runCreateNamespace,
} from "./commands/apply.ts";
import { DELETE_FLAGS, runDelete } from "./commands/delete.ts";
import { DESCRIBE_FLAGS, runDescribe } from "./commands/describe.ts";
import { EVENTS_FLAGS, runEvents } from "./commands/events.ts";
import { GET_FLAGS, runGet } from "./commands/get.ts";
import {
  API_RESOURCES_FLAGS,
  runApiResources,
  runClusterInfo,
  runVersion,
  VERSION_FLAGS,
} from "./commands/info.ts";
import { LOGS_FLAGS, runLogs } from "./commands/logs.ts";
import { DRAIN_FLAGS, runCordon, runDrain } from "./commands/nodes.ts";
import {
  ROLLOUT_HISTORY_FLAGS,
  ROLLOUT_STATUS_FLAGS,
  ROLLOUT_UNDO_FLAGS,
  runRolloutHistory,
  runRolloutStatus,
  runRolloutUndo,
} from "./commands/rollout.ts";
import { EXPOSE_FLAGS, RUN_FLAGS, runExpose, runRun } from "./commands/run.ts";
import { runScale, runSetImage, SCALE_FLAGS } from "./commands/workloads.ts";
import type { Context } from "./context.ts";
import type { FlagSpec, ParsedFlags } from "./flags.ts";

/**
 * Every command the console knows, with its flags, usage and help group as `kubectl --help` lists them.
 * Commands of the real kubectl the game has no model for are listed too, so they are recognised and
 * answered honestly instead of being called unknown.
 */
export interface CommandSpec {
  use: string;
  short: string;
  group?: string;
  flags: FlagSpec[];
  run?: (ctx: Context, flags: ParsedFlags) => number;
  subcommands?: Record<string, CommandSpec>;
}

const CREATE_NAMESPACE: CommandSpec = {
  use: "create namespace NAME",
  short: "Create a namespace with the specified name",
  flags: [],
  run: runCreateNamespace,
};

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: "namespace", short: "n", type: "string" },
  { name: "help", short: "h", type: "bool" },
];

export const COMMANDS: Record<string, CommandSpec> = {
  create: {
    use: "create -f FILENAME",
    short: "Create a resource from a file or from stdin",
    group: "Basic Commands (Beginner)",
    flags: APPLY_FLAGS,
    run: runCreate,
    subcommands: {
      deployment: {
        use: "create deployment NAME --image=image -- [COMMAND] [args...]",
        short: "Create a deployment with the specified name",
        flags: CREATE_DEPLOYMENT_FLAGS,
        run: runCreateDeployment,
      },
      namespace: CREATE_NAMESPACE,
      ns: CREATE_NAMESPACE,
    },
  },
  expose: {
    use: "expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--type=type]",
    short:
      "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service",
    group: "Basic Commands (Beginner)",
    flags: EXPOSE_FLAGS,
    run: runExpose,
  },
  run: {
    use: 'run NAME --image=image [--env="key=value"] [--port=port] [--command] -- [COMMAND] [args...]',
    short: "Run a particular image on the cluster",
    group: "Basic Commands (Beginner)",
    flags: RUN_FLAGS,
    run: runRun,
  },
  set: {
    use: "set SUBCOMMAND",
    short: "Set specific features on objects",
    group: "Basic Commands (Beginner)",
    flags: [],
    subcommands: {
      image: {
        use: "set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N",
        short: "Update the image of a pod template",
        flags: [],
        run: runSetImage,
      },
    },
  },
  explain: {
    use: "explain TYPE",
    short: "Get documentation for a resource",
    group: "Basic Commands (Intermediate)",
    flags: [],
  },
  get: {
    use: "get [(-o|--output=)json|yaml|name|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]",
    short: "Display one or many resources",
    group: "Basic Commands (Intermediate)",
    flags: GET_FLAGS,
    run: runGet,
  },
  edit: {
    use: "edit (RESOURCE/NAME | -f FILENAME)",
    short: "Edit a resource on the server",
    group: "Basic Commands (Intermediate)",
    flags: [],
  },
  delete: {
    use: "delete ([-f FILENAME] | TYPE [(NAME | -l label | --all)])",
    short: "Delete resources by file names, stdin, resources and names, or by resources and label selector",
    group: "Basic Commands (Intermediate)",
    flags: DELETE_FLAGS,
    run: runDelete,
  },
  rollout: {
    use: "rollout SUBCOMMAND",
    short: "Manage the rollout of a resource",
    group: "Deploy Commands",
    flags: [],
    subcommands: {
      history: {
        use: "rollout history (TYPE NAME | TYPE/NAME) [flags]",
        short: "View rollout history",
        flags: ROLLOUT_HISTORY_FLAGS,
        run: runRolloutHistory,
      },
      status: {
        use: "rollout status (TYPE NAME | TYPE/NAME) [flags]",
        short: "Show the status of the rollout",
        flags: ROLLOUT_STATUS_FLAGS,
        run: runRolloutStatus,
      },
      undo: {
        use: "rollout undo (TYPE NAME | TYPE/NAME) [flags]",
        short: "Undo a previous rollout",
        flags: ROLLOUT_UNDO_FLAGS,
        run: runRolloutUndo,
      },
    },
  },
  scale: {
    use: "scale [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME)",
    short: "Set a new size for a deployment, replica set, or replication controller",
    group: "Deploy Commands",
    flags: SCALE_FLAGS,
    run: runScale,
  },
  autoscale: {
    use: "autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu-percent=CPU]",
    short: "Auto-scale a deployment, replica set, stateful set, or replication controller",
    group: "Deploy Commands",
    flags: [],
  },
  certificate: {
    use: "certificate SUBCOMMAND",
    short: "Modify certificate resources",
    group: "Cluster Management Commands",
    flags: [],
  },
  "cluster-info": {
    use: "cluster-info [flags]",
    short: "Display cluster information",
    group: "Cluster Management Commands",
    flags: [],
    run: (ctx) => runClusterInfo(ctx),
  },
  top: {
    use: "top [flags]",
    short: "Display resource (CPU/memory) usage",
    group: "Cluster Management Commands",
    flags: [],
    run: (ctx) => {
      ctx.err.push("error: Metrics API not available\n");
      return 1;
    },
  },
  cordon: {
    use: "cordon NODE",
    short: "Mark node as unschedulable",
    group: "Cluster Management Commands",
    flags: [],
    run: (ctx, flags) => runCordon(ctx, flags, true),
  },
  uncordon: {
    use: "uncordon NODE",
    short: "Mark node as schedulable",
    group: "Cluster Management Commands",
    flags: [],
    run: (ctx, flags) => runCordon(ctx, flags, false),
  },
  drain: {
    use: "drain NODE",
    short: "Drain node in preparation for maintenance",
    group: "Cluster Management Commands",
    flags: DRAIN_FLAGS,
    run: runDrain,
  },
  taint: {
    use: "taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N",
    short: "Update the taints on one or more nodes",
    group: "Cluster Management Commands",
    flags: [],
  },
  describe: {
    use: "describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)",
    short: "Show details of a specific resource or group of resources",
    group: "Troubleshooting and Debugging Commands",
    flags: DESCRIBE_FLAGS,
    run: runDescribe,
  },
  logs: {
    use: "logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]",
    short: "Print the logs for a container in a pod",
    group: "Troubleshooting and Debugging Commands",
    flags: LOGS_FLAGS,
    run: runLogs,
  },
  attach: {
    use: "attach (POD | TYPE/NAME) -c CONTAINER",
    short: "Attach to a running container",
    group: "Troubleshooting and Debugging Commands",
    flags: [],
  },
  exec: {
    use: "exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]",
    short: "Execute a command in a container",
    group: "Troubleshooting and Debugging Commands",
    flags: [],
  },
  "port-forward": {
    use: "port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT",
    short: "Forward one or more local ports to a pod",
    group: "Troubleshooting and Debugging Commands",
    flags: [],
  },
  proxy: {
    use: "proxy [--port=PORT] [--www=static-dir] [--www-prefix=prefix] [--api-prefix=prefix]",
    short: "Run a proxy to the Kubernetes API server",
    group: "Troubleshooting and Debugging Commands",
    flags: [],
  },
  cp: {
    use: "cp <file-spec-src> <file-spec-dest>",
    short: "Copy files and directories to and from containers",
    group: "Troubleshooting and Debugging Commands",
    flags: [],
  },
  auth: {
    use: "auth",
    short: "Inspect authorization",
    group: "Troubleshooting and Debugging Commands",
    flags: [],
  },
  debug: {
    use: "debug (POD | TYPE[[.VERSION].GROUP]/NAME) [ -- COMMAND [args...] ]",
    short: "Create debugging sessions for troubleshooting workloads and nodes",
    group: "Troubleshooting and Debugging Commands",
    flags: [],
  },
  events: {
    use: "events [(-o|--output=)json|yaml] [--for TYPE/NAME] [--watch]",
    short: "List events",
    group: "Troubleshooting and Debugging Commands",
    flags: EVENTS_FLAGS,
    run: runEvents,
  },
  diff: {
    use: "diff -f FILENAME",
    short: "Diff the live version against a would-be applied version",
    group: "Advanced Commands",
    flags: [],
  },
  apply: {
    use: "apply (-f FILENAME | -k DIRECTORY)",
    short: "Apply a configuration to a resource by file name or stdin",
    group: "Advanced Commands",
    flags: APPLY_FLAGS,
    run: runApply,
  },
  patch: {
    use: "patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE]",
    short: "Update fields of a resource",
    group: "Advanced Commands",
    flags: [],
  },
  replace: {
    use: "replace -f FILENAME",
    short: "Replace a resource by file name or stdin",
    group: "Advanced Commands",
    flags: [],
  },
  wait: {
    use: "wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]]",
    short: "Experimental: Wait for a specific condition on one or many resources",
    group: "Advanced Commands",
    flags: [],
  },
  kustomize: {
    use: "kustomize DIR",
    short: "Build a kustomization target from a directory or URL",
    group: "Advanced Commands",
    flags: [],
  },
  label: {
    use: "label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version]",
    short: "Update the labels on a resource",
    group: "Settings Commands",
    flags: [],
  },
  annotate: {
    use: "annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version]",
    short: "Update the annotations on a resource",
    group: "Settings Commands",
    flags: [],
  },
  completion: {
    use: "completion SHELL",
    short: "Output shell completion code for the specified shell (bash, zsh, fish, or powershell)",
    group: "Settings Commands",
    flags: [],
  },
  "api-resources": {
    use: "api-resources [flags]",
    short: "Print the supported API resources on the server",
    group: "Other Commands",
    flags: API_RESOURCES_FLAGS,
    run: runApiResources,
  },
  "api-versions": {
    use: "api-versions",
    short: 'Print the supported API versions on the server, in the form of "group/version"',
    group: "Other Commands",
    flags: [],
  },
  config: { use: "config SUBCOMMAND", short: "Modify kubeconfig files", group: "Other Commands", flags: [] },
  plugin: {
    use: "plugin [flags]",
    short: "Provides utilities for interacting with plugins",
    group: "Other Commands",
    flags: [],
  },
  version: {
    use: "version [flags]",
    short: "Print the client and server version information",
    group: "Other Commands",
    flags: VERSION_FLAGS,
    run: runVersion,
  },
};

/** Word positions of the command and subcommand, found as cobra's Find strips flags. */
export function commandPath(words: string[]): { name: string; index: number }[] {
  const path: { name: string; index: number }[] = [];
  let specs: Record<string, CommandSpec> | undefined = COMMANDS;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === "--") break;
    if (word.startsWith("-")) {
      const takesValue = word.startsWith("--")
        ? !word.includes("=") && word !== "--help"
        : word.length === 2 && word !== "-h";
      if (takesValue) i++;
      continue;
    }
    if (path.length === 0 || (specs && word in specs)) {
      path.push({ name: word, index: i });
      specs = specs?.[word]?.subcommands;
      if (!specs) break;
      continue;
    }
    break;
  }
  return path;
}
