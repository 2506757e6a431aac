import type { MessageKey } from "../../shared/i18n/en.ts";
import type { ClassroomStateView } from "../../shared/protocol/state.ts";
import type { Command } from "../../shared/sim/commands.ts";
import { clockText } from "../../shared/time/format.ts";
import { h, k8s, label, setText, tr } from "../dom/h.ts";
import { t } from "../i18n/i18n.ts";
import { sortedNodes } from "../state/view.ts";

/**
 * The faults of the cloud around the Nodes: a spot node taken back by its provider (ReclaimSpotNode:
 * the provider's notice, a drain, then the machine goes) and a node version rollout (UpgradeNodes: node
 * by node, cordon, drain honouring PodDisruptionBudgets by the rollout or by the student at kubectl,
 * kubelet upgrade, uncordon), each with what is under way now.
 */
type Options = () => [string, string][];

export interface ScalingFaults {
  rows: HTMLElement[];
  update(now: number): void;
}

export function scalingFaults(
  picker: (id: string, key: MessageKey, options: Options) => HTMLSelectElement,
  button: (id: string, text: string, run: () => Command | undefined, danger?: boolean) => HTMLButtonElement,
  view: () => ClassroomStateView,
): ScalingFaults {
  const isSpot = (labels: { get(key: string): string | undefined }) =>
    labels.get("kubeclass.dev/capacity-type") === "spot";

  // a node group's spot node (the provider picks, as the timeline's ReclaimSpotNode does) or a node
  const spot = picker("fault-spot", "teach.spotTarget", () => {
    const list: [string, string][] = [];
    view().autoscaling?.nodeGroups.forEach((g) => {
      if (g.spot) list.push([`group:${g.name}`, t("teach.spotGroup", { group: g.name })]);
    });
    for (const n of sortedNodes(view())) {
      if (!isSpot(n.labels)) continue;
      const reclaiming = view().autoscaling?.spotReclaims.has(n.name);
      list.push([`node:${n.name}`, `${n.name}${reclaiming ? ` (${t("teach.reclaiming")})` : ""}`]);
    }
    return list;
  });
  const spotStatus = h("p", { class: "fault-status", id: "fault-spot-status" });
  const spotRow = h(
    "div",
    { class: "fault" },
    h("h3", null, tr("teach.spotTitle")),
    spot,
    h(
      "div",
      { class: "fault-buttons" },
      button(
        "fault-reclaim",
        "ReclaimSpotNode",
        () => {
          const [kind, name] = [
            spot.value.slice(0, spot.value.indexOf(":")),
            spot.value.slice(spot.value.indexOf(":") + 1),
          ];
          if (!name) return undefined;
          return kind === "group"
            ? { type: "ReclaimSpotNode", nodeGroup: name }
            : { type: "ReclaimSpotNode", node: name };
        },
        true,
      ),
    ),
    spotStatus,
    tr("teach.reclaimHelp", undefined, "p"),
  );

  const version = h("input", { id: "fault-upgrade-version", value: "v1.32.0", size: "9" });
  label(version, "teach.upgradeVersion");
  const nodes = picker("fault-upgrade-nodes", "teach.upgradeNodes", () => [
    ["", t("teach.upgradeAll")],
    ...sortedNodes(view()).map((n): [string, string] => [n.name, n.name]),
  ]);
  // worded on every update, so the options follow a language switch
  const drainBy = picker("fault-upgrade-drain", "teach.drainBy", () => [
    ["bot", t("teach.drainByBot")],
    ["user", t("teach.drainByUser")],
  ]);
  const upgradeStatus = h("p", { class: "fault-status", id: "fault-upgrade-status" });
  const upgradeRow = h(
    "div",
    { class: "fault" },
    h("h3", null, tr("teach.upgradeTitle")),
    h("div", { class: "fault-buttons" }, version, nodes, drainBy),
    h(
      "div",
      { class: "fault-buttons" },
      button("fault-upgrade", "UpgradeNodes", () => {
        const v = version.value.trim();
        if (!/^v\d+\.\d+\.\d+$/.test(v)) {
          version.setCustomValidity(t("teach.upgradeVersionInvalid"));
          version.reportValidity();
          return undefined;
        }
        version.setCustomValidity("");
        return {
          type: "UpgradeNodes",
          version: v,
          ...(nodes.value ? { nodes: [nodes.value] } : {}),
          drainBy: drainBy.value === "user" ? "user" : "bot",
        };
      }),
    ),
    upgradeStatus,
    h("p", null, tr("teach.upgradeHelp"), " ", k8s("kubectl drain NODE --ignore-daemonsets", "code")),
  );

  return {
    rows: [spotRow, upgradeRow],
    update(now) {
      const a = view().autoscaling;
      spotRow.hidden = spot.options.length === 0;
      const reclaims: string[] = [];
      a?.spotReclaims.forEach((at, node) => {
        reclaims.push(t("teach.reclaimUnderWay", { node, time: clockText(at - now) }));
      });
      setText(spotStatus, reclaims.join(" · "));
      const u = a?.upgrade;
      setText(
        upgradeStatus,
        !u?.version
          ? ""
          : u.node
            ? t("teach.upgradeUnderWay", {
                version: u.version,
                node: u.node,
                phase: u.phase === "upgrading" ? t("board.phaseUpgrading") : t("board.phaseDraining"),
                left: u.queued,
              })
            : t("teach.upgradeIdle", { version: u.version, n: u.done, left: u.queued }),
      );
    },
  };
}
