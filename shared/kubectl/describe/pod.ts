import type { ClusterEvent } from "../../sim/model/event.ts";
import type { Pod } from "../../sim/model/pod.ts";
import type { PodTemplate } from "../../sim/model/workload.ts";
import { humanDuration, rfc1123z } from "../../time/format.ts";
import { eventsFor } from "../events.ts";
import { describeContainers } from "./containers.ts";
import { describeVolumes } from "./volumes.ts";
import {
  type DescribeWriter,
  describeEvents,
  describeWriter,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTolerationsMultiline,
} from "./writer.ts";

/** `kubectl describe pod` (describePod in describe.go), field for field in the same order. */
export function describePod(pod: Pod, events: readonly ClusterEvent[] | undefined, now: number): string {
  const w = describeWriter();
  const { metadata, spec, status } = pod;
  w.write(0, `Name:\t${metadata.name}\n`);
  w.write(0, `Namespace:\t${metadata.namespace}\n`);
  w.write(0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  w.write(0, "Service Account:\tdefault\n");
  w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ""}\n` : "Node:\t<none>\n");
  if (status.startTime !== undefined) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  printLabelsMultiline(w, "Labels", metadata.labels);
  printAnnotationsMultiline(w, "Annotations", metadata.annotations);
  const terminal = status.phase === "Succeeded" || status.phase === "Failed";
  if (metadata.deletionTimestamp !== undefined && !terminal) {
    // translateTimestampSince of a deadline still ahead: kubectl really prints "<invalid>" here.
    w.write(0, `Status:\tTerminating (lasts ${humanDuration(now - metadata.deletionTimestamp)})\n`);
    w.write(0, `Termination Grace Period:\t${metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else w.write(0, `Status:\t${status.phase}\n`);
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(0, `Message:\t${status.message}\n`);
  w.write(0, `IP:\t${status.podIP ?? ""}\n`);
  if (status.podIP) {
    w.write(0, "IPs:\n");
    w.write(1, `IP:\t${status.podIP}\n`);
  } else w.write(0, "IPs:\t<none>\n");
  const owner = metadata.ownerReferences?.find((o) => o.controller);
  if (owner) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
  if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  if (spec.initContainers?.length) {
    describeContainers(
      w,
      "Init Containers",
      spec.initContainers,
      status.initContainerStatuses ?? [],
      "",
      true,
    );
  }
  describeContainers(w, "Containers", spec.containers, status.containerStatuses, "", true);
  if (status.conditions.length > 0) {
    w.write(0, "Conditions:\n  Type\tStatus\n");
    for (const c of status.conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(w, spec.volumes, "");
  w.write(0, `QoS Class:\t${status.qosClass}\n`);
  printLabelsMultiline(w, "Node-Selectors", spec.nodeSelector);
  printTolerationsMultiline(w, "Tolerations", spec.tolerations);
  if (events) {
    describeEvents(
      w,
      eventsFor(events, { name: metadata.name, namespace: metadata.namespace, uid: metadata.uid }),
      now,
    );
  }
  return w.text();
}

/** DescribePodTemplate: the template of a Deployment or ReplicaSet. */
export function describePodTemplate(w: DescribeWriter, template: PodTemplate): void {
  w.write(0, "Pod Template:\n");
  printLabelsMultiline(w, "  Labels", template.metadata.labels);
  if (Object.keys(template.metadata.annotations).length > 0) {
    printAnnotationsMultiline(w, "  Annotations", template.metadata.annotations);
  }
  if (template.spec.initContainers?.length) {
    describeContainers(w, "Init Containers", template.spec.initContainers, undefined, "  ");
  }
  describeContainers(w, "Containers", template.spec.containers, undefined, "  ");
  describeVolumes(w, template.spec.volumes, "  ");
  if (template.spec.priorityClassName)
    w.write(1, `Priority Class Name:\t${template.spec.priorityClassName}\n`);
  printLabelsMultiline(w, "  Node-Selectors", template.spec.nodeSelector);
  printTolerationsMultiline(w, "  Tolerations", template.spec.tolerations);
}
