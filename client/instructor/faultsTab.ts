import type { MessageKey } from "../../shared/i18n/en.ts";
import type { Command } from "../../shared/sim/commands.ts";
import { registryLabel } from "../board/nodeText.ts";
import { h, label, tr } from "../dom/h.ts";
import { bindText, language, t } from "../i18n/i18n.ts";
import { byName, nodeStatus, sortedNodes } from "../state/view.ts";
import type { Tab, TeachContext } from "./context.ts";
import { scalingFaults } from "./scalingFaults.ts";

/**
 * Faults on demand, each an engine command run as the instructor and recorded like any move: a node
 * fails or recovers, loses its network, is cordoned, added or removed; a registry goes down, rate-limits
 * or loses a credential; a Deployment's containers crash; a master or an etcd member fails; Service
 * traffic changes.
 */
/** value, text, and whether the text is the interface's (translated) rather than names Kubernetes prints. */
type Options = () => [string, string, boolean?][];

interface Row {
  select: HTMLSelectElement;
  options: Options;
  signature: string;
}

type Provider = Extract<Command, { type: "AddNode" }>["provider"];

/** The resource providers AddNode takes, with their names on the select (products keep theirs). */
const PROVIDERS: readonly (readonly [Provider, string | undefined])[] = [
  ["local", undefined],
  ["aws", "AWS EC2"],
  ["gcp", "GCP Compute Engine"],
  ["azure", "Azure VM"],
];

export function faultsTab(ctx: TeachContext): Tab {
  const rows: Row[] = [];
  const picker = (id: string, key: MessageKey, options: Options): HTMLSelectElement => {
    const select = h("select", { id, class: "fault-target" });
    label(select, key);
    rows.push({ select, options, signature: "" });
    return select;
  };
  /** A fault's button: the command's name (as a scenario's timeline writes it), or a catalog label. */
  const button = (id: string, text: string | HTMLElement, run: () => Command | undefined, danger = false) => {
    const b = h(
      "button",
      {
        type: "button",
        class: danger ? "small danger" : "small",
        id,
        translate: typeof text === "string" ? "no" : null,
      },
      text,
    );
    b.addEventListener("click", () => {
      const command = run();
      if (command) void ctx.command(command);
    });
    return b;
  };
  const view = () => ctx.view();

  const node = picker("fault-node", "teach.node", () =>
    sortedNodes(view()).map((n) => [n.name, `${n.name} (${nodeStatus(n)})`]),
  );
  const nodeRow = h(
    "div",
    { class: "fault" },
    h("h3", null, "Node"),
    node,
    h(
      "div",
      { class: "fault-buttons" },
      button("fault-fail-node", "FailNode", () => ({ type: "FailNode", node: node.value }), true),
      button("fault-recover-node", "RecoverNode", () => ({ type: "RecoverNode", node: node.value })),
      button("fault-partition", "PartitionNode", () => ({ type: "PartitionNode", node: node.value }), true),
      button("fault-heal", "HealNode", () => ({ type: "HealNode", node: node.value })),
      button("fault-cordon", "CordonNode", () => ({ type: "CordonNode", node: node.value })),
      button("fault-uncordon", "UncordonNode", () => ({ type: "UncordonNode", node: node.value })),
      button("fault-remove-node", "RemoveNode", () => ({ type: "RemoveNode", node: node.value }), true),
    ),
    tr("teach.nodeHelp", undefined, "p"),
  );

  const provider = h(
    "select",
    { id: "fault-provider" },
    ...PROVIDERS.map(([v, product]) =>
      product
        ? h("option", { value: v, translate: "no" }, product)
        : bindText(h("option", { value: v }), "board.providerLocal"),
    ),
  );
  label(provider, "teach.provider");
  const instanceType = h("input", {
    id: "fault-instance",
    placeholder: "m5.xlarge, e2-standard-4 …",
    size: "16",
  });
  label(instanceType, "teach.instanceType");
  const addRow = h(
    "div",
    { class: "fault" },
    h("h3", null, tr("teach.addNode")),
    h(
      "div",
      { class: "fault-buttons" },
      provider,
      instanceType,
      button("fault-add-node", "AddNode", () => {
        const chosen = PROVIDERS.find(([v]) => v === provider.value)?.[0];
        if (!chosen) return undefined;
        return {
          type: "AddNode",
          provider: chosen,
          ...(instanceType.value.trim() ? { instanceType: instanceType.value.trim() } : {}),
        };
      }),
    ),
  );

  const registry = picker("fault-registry", "teach.registry", () => {
    const list: [string, string, boolean][] = [];
    view().registries?.forEach((r) => {
      list.push([r.name, `${registryLabel(r.kind)} (${r.name})`, r.kind === "local"]);
    });
    return list.length ? list.sort((a, b) => byName(a[0], b[0])) : [["dockerhub", "Docker Hub (dockerhub)"]];
  });
  const outage = h("input", { type: "number", id: "fault-outage", min: "1", value: "60", size: "5" });
  label(outage, "teach.seconds");
  const pulls = h("input", { type: "number", id: "fault-pulls", min: "0", value: "10", size: "4" });
  label(pulls, "teach.pulls");
  // the registry's secret names: the accepted ones can be revoked, the revoked ones restored
  const secretState = (name: string): "accepted" | "revoked" | undefined => {
    const r = view().registries?.get(registry.value);
    if (r?.pullSecrets?.has(name)) return "accepted";
    if (r?.revokedSecrets?.has(name)) return "revoked";
    return undefined;
  };
  const secret = picker("fault-secret", "teach.secret", () => {
    const r = view().registries?.get(registry.value);
    const list: [string, string, boolean][] = [];
    r?.pullSecrets?.forEach((name) => {
      list.push([name, t("teach.secretAccepted", { name }), true]);
    });
    r?.revokedSecrets?.forEach((name) => {
      list.push([name, t("teach.secretRevoked", { name }), true]);
    });
    return list.length ? list.sort((a, b) => byName(a[0], b[0])) : [["", t("teach.noSecrets"), true]];
  });
  const revoke = button(
    "fault-revoke",
    "RevokeCredential",
    () =>
      secretState(secret.value) === "accepted"
        ? { type: "RevokeCredential", registry: registry.value, secret: secret.value }
        : undefined,
    true,
  );
  const restore = button("fault-restore", "RestoreCredential", () =>
    secretState(secret.value) === "revoked"
      ? { type: "RestoreCredential", registry: registry.value, secret: secret.value }
      : undefined,
  );
  const registryRow = h(
    "div",
    { class: "fault" },
    h("h3", null, tr("board.registries")),
    registry,
    h(
      "div",
      { class: "fault-buttons" },
      outage,
      button(
        "fault-outage-go",
        "RegistryOutage",
        () => ({
          type: "RegistryOutage",
          registry: registry.value,
          durationSeconds: Math.max(1, Number(outage.value) || 60),
        }),
        true,
      ),
    ),
    h(
      "div",
      { class: "fault-buttons" },
      pulls,
      button(
        "fault-rate",
        tr("teach.rateLimit"),
        () => ({
          type: "RateLimitRegistry",
          registry: registry.value,
          pulls: Math.max(0, Number(pulls.value) || 0),
          windowSeconds: 3600,
        }),
        true,
      ),
    ),
    h("div", { class: "fault-buttons" }, secret, revoke, restore),
    tr("teach.rateHelp", undefined, "p"),
  );

  const deployment = picker("fault-deployment", "teach.deployment", () => {
    const list: [string, string][] = [];
    view().workloads.forEach((w) => {
      if (w.kind === "Deployment") list.push([`${w.namespace}/${w.name}`, `${w.name} (${w.namespace})`]);
    });
    return list.sort((a, b) => byName(a[0], b[0]));
  });
  const split = (value: string) => {
    const [namespace, name] = value.split("/");
    return name ? { name, namespace } : undefined;
  };
  const deploymentRow = h(
    "div",
    { class: "fault" },
    h("h3", null, "Deployment"),
    deployment,
    h(
      "div",
      { class: "fault-buttons" },
      button(
        "fault-crash",
        "CrashDeployment",
        () => {
          const target = split(deployment.value);
          return target ? { type: "CrashDeployment", ...target } : undefined;
        },
        true,
      ),
    ),
  );

  // undo a mistake: a bare pod (no controller) bound where it failed is recreated, unbound
  const barePod = picker("recreate-pod", "teach.barePod", () => {
    const list: [string, string][] = [];
    view().pods.forEach((p) => {
      if (!p.owner) list.push([p.key, `${p.name} (${p.status}${p.node ? ` · ${p.node}` : ""})`]);
    });
    return list.sort((a, b) => byName(a[0], b[0]));
  });
  const podRow = h(
    "div",
    { class: "fault" },
    h("h3", null, "Pod"),
    barePod,
    h(
      "div",
      { class: "fault-buttons" },
      button("recreate-pod-button", "RecreatePod", () => {
        const [namespace, pod] = barePod.value.split("/");
        return pod ? { type: "RecreatePod", pod, namespace } : undefined;
      }),
    ),
    tr("teach.recreateHelp", undefined, "p"),
  );

  const master = picker("fault-master", "teach.master", () => {
    const list: [string, string, boolean][] = [];
    view().controlPlane?.masters.forEach((m) => {
      list.push([m.name, m.up ? m.name : `${m.name} (${t("board.componentDown")})`, !m.up]);
    });
    return list.sort((a, b) => byName(a[0], b[0]));
  });
  const masterRow = h(
    "div",
    { class: "fault" },
    h("h3", null, tr("board.controlPlane")),
    master,
    h(
      "div",
      { class: "fault-buttons" },
      button("fault-fail-master", "FailMaster", () => ({ type: "FailMaster", master: master.value }), true),
      button("fault-recover-master", "RecoverMaster", () => ({
        type: "RecoverMaster",
        master: master.value,
      })),
      button(
        "fault-fail-etcd",
        "FailEtcdMember",
        () => ({ type: "FailEtcdMember", master: master.value }),
        true,
      ),
      button("fault-recover-etcd", "RecoverEtcdMember", () => ({
        type: "RecoverEtcdMember",
        master: master.value,
      })),
    ),
  );

  const service = picker("fault-service", "teach.service", () => {
    const list: [string, string][] = [];
    view().services.forEach((s) => {
      list.push([s.key, s.key]);
    });
    return list.sort((a, b) => byName(a[0], b[0]));
  });
  const rps = h("input", { type: "number", id: "fault-rps", min: "0", value: "50", size: "5" });
  label(rps, "teach.rps");
  const trafficRow = h(
    "div",
    { class: "fault" },
    h("h3", null, "Service"),
    service,
    h(
      "div",
      { class: "fault-buttons" },
      rps,
      button("fault-traffic", "SetTraffic", () => {
        const target = split(service.value);
        return target
          ? {
              type: "SetTraffic",
              service: target.name,
              namespace: target.namespace,
              rps: Math.max(0, Number(rps.value) || 0),
            }
          : undefined;
      }),
    ),
  );

  const scaling = scalingFaults(picker, button, view);
  const element = h(
    "div",
    { class: "faults-tab" },
    tr("teach.faultsIntro", undefined, "p"),
    nodeRow,
    addRow,
    ...scaling.rows,
    registryRow,
    deploymentRow,
    podRow,
    masterRow,
    trafficRow,
  );
  const update = () => {
    for (const row of rows) {
      const options = row.options();
      // the language is part of what an option says
      const signature = `${language()}|${options.map((o) => o.join("=")).join("|")}`;
      if (signature === row.signature) continue;
      row.signature = signature;
      const current = row.select.value;
      row.select.replaceChildren(
        ...options.map(([value, text, ui]) => h("option", { value, translate: ui ? null : "no" }, text)),
      );
      if (options.some(([v]) => v === current)) row.select.value = current;
    }
    const state = secretState(secret.value);
    revoke.disabled = state !== "accepted";
    restore.disabled = state !== "revoked";
    deploymentRow.hidden = deployment.options.length === 0;
    masterRow.hidden = master.options.length === 0;
    podRow.hidden = barePod.options.length === 0;
    trafficRow.hidden = service.options.length === 0;
    scaling.update(ctx.clock.now());
  };
  registry.addEventListener("change", update);
  secret.addEventListener("change", update);
  return { element, update };
}
