import type { Volume } from "../../sim/model/pod.ts";
import type { DescribeWriter } from "./writer.ts";

/** describeVolumes: each volume's type and source, as kubectl describe prints a pod's or template's. */
export function describeVolumes(w: DescribeWriter, volumes: Volume[] | undefined, space: string): void {
  if (!volumes?.length) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  const level = space ? 2 : 1;
  for (const v of volumes) {
    w.write(level, `${v.name}:\n`);
    if (v.configMap) {
      w.write(level + 1, "Type:\tConfigMap (a volume populated by a ConfigMap)\n");
      w.write(level + 1, `Name:\t${v.configMap.name}\n`);
      w.write(level + 1, `Optional:\t${v.configMap.optional === true}\n`);
    } else if (v.secret) {
      w.write(level + 1, "Type:\tSecret (a volume populated by a Secret)\n");
      w.write(level + 1, `SecretName:\t${v.secret.secretName}\n`);
      w.write(level + 1, `Optional:\t${v.secret.optional === true}\n`);
    } else if (v.persistentVolumeClaim) {
      w.write(
        level + 1,
        "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n",
      );
      w.write(level + 1, `ClaimName:\t${v.persistentVolumeClaim.claimName}\n`);
      w.write(level + 1, `ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`);
    } else if (v.emptyDir) {
      w.write(level + 1, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n");
      w.write(level + 1, `Medium:\t${(v.emptyDir.medium as string | undefined) ?? ""}\n`);
      w.write(level + 1, `SizeLimit:\t${(v.emptyDir.sizeLimit as string | undefined) ?? "<unset>"}\n`);
    } else if (v.downwardAPI) {
      // printDownwardAPIVolumeSource
      w.write(level + 1, "Type:\tDownwardAPI (a volume populated by information about the pod)\n");
      w.write(level + 1, "Items:\n");
      for (const item of v.downwardAPI.items) {
        if (item.fieldRef) w.write(level + 2, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
        if (item.resourceFieldRef) w.write(level + 2, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
      }
    } else {
      w.write(level + 1, `Type:\t${v.other ?? "unknown"} (not simulated)\n`);
    }
  }
}
