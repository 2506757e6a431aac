import type { Taint } from "../../sim/model/node.ts";
import type { Toleration } from "../../sim/model/pod.ts";
import { humanDuration } from "../../time/format.ts";
import type { AggregatedEvent } from "../events.ts";
import { DESCRIBE_LAYOUT, tabwrite } from "../tabwriter.ts";

/**
 * describe.go's PrefixWriter over a tabwriter: `write(level, text)` indents by two spaces a level, tabs
 * separate cells, and `flush()` ends the current alignment section (DescribeEvents flushes before its
 * table, so the Events table aligns on its own). The helpers below are describe.go's shared printers.
 */
export interface DescribeWriter {
  write(level: number, text: string): void;
  writeLine(text: string): void;
  flush(): void;
  text(): string;
}

export function describeWriter(): DescribeWriter {
  const sections: string[] = [];
  let current = "";
  return {
    write(level, text) {
      current += "  ".repeat(level) + text;
    },
    writeLine(text) {
      current += `${text}\n`;
    },
    flush() {
      sections.push(tabwrite(current, DESCRIBE_LAYOUT));
      current = "";
    },
    text() {
      return sections.join("") + tabwrite(current, DESCRIBE_LAYOUT);
    },
  };
}

/** A PrefixWriter straight onto a buffer, no tabwriter: what `rollout history --revision` prints. */
export function plainWriter(): DescribeWriter {
  let buffer = "";
  return {
    write(level, text) {
      buffer += "  ".repeat(level) + text;
    },
    writeLine(text) {
      buffer += `${text}\n`;
    },
    flush() {},
    text() {
      return buffer;
    },
  };
}

/** printLabelsMultilineWithIndent: sorted `k=v` lines, `<none>` when empty. */
export function printLabelsMultiline(
  w: DescribeWriter,
  title: string,
  labels: Record<string, string> | undefined,
  initialIndent = "",
  innerIndent = "\t",
): void {
  w.write(0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, `${initialIndent}${innerIndent}`);
    w.write(0, `${key}=${(labels as Record<string, string>)[key]}\n`);
  });
}

const MAX_ANNOTATION_LEN = 140;

/** printAnnotationsMultiline: `key: value`, long or multi-line values on their own indented lines. */
export function printAnnotationsMultiline(
  w: DescribeWriter,
  title: string,
  annotations: Record<string, string> | undefined,
): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== "kubectl.kubernetes.io/last-applied-configuration")
    .sort();
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, "\t");
    const value = ((annotations as Record<string, string>)[key] as string).replace(/\n$/, "");
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes("\n")) {
      w.write(0, `${key}:\n`);
      for (const line of value.split("\n")) {
        const short =
          line.length > MAX_ANNOTATION_LEN - 2 ? `${line.slice(0, MAX_ANNOTATION_LEN - 2)}...` : line;
        w.write(0, `\t  ${short}\n`);
      }
    } else w.write(0, `${key}: ${value}\n`);
  });
}

export function taintString(t: Taint): string {
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

export function printTaintsMultiline(w: DescribeWriter, title: string, taints: Taint[]): void {
  w.write(0, `${title}:\t`);
  if (taints.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const sorted = [...taints].sort((a, b) => {
    const ka = `${a.effect},${a.key}`;
    const kb = `${b.effect},${b.key}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, "\t");
    w.write(0, `${taintString(t)}\n`);
  });
}

export function printTolerationsMultiline(
  w: DescribeWriter,
  title: string,
  tolerations: Toleration[],
  initialIndent = "",
): void {
  w.write(0, `${initialIndent}${title}:\t`);
  if (tolerations.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const sorted = [...tolerations].sort((a, b) =>
    (a.key ?? "") < (b.key ?? "") ? -1 : (a.key ?? "") > (b.key ?? "") ? 1 : 0,
  );
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, `${initialIndent}\t`);
    w.write(0, `${tolerationText(t)}\n`);
  });
}

/** A toleration as `kubectl describe` prints it: `dedicated=gpu:NoSchedule`, `key:NoExecute op=Exists for 300s`. */
export function tolerationText(t: Toleration): string {
  let text = t.key ?? "";
  if (t.value) text += `=${t.value}`;
  if (t.effect) text += `:${t.effect}`;
  if (t.operator === "Exists" && !t.value) text += t.key || t.effect ? " op=Exists" : "op=Exists";
  if (t.tolerationSeconds !== undefined) text += ` for ${t.tolerationSeconds}s`;
  return text;
}

/** The Events section: `<none>`, or a Type/Reason/Age/From/Message table with folded counts. */
export function describeEvents(w: DescribeWriter, events: AggregatedEvent[], now: number): void {
  if (events.length === 0) {
    w.write(0, "Events:\t<none>\n");
    return;
  }
  w.flush();
  w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
  w.write(1, "----\t------\t----\t----\t-------\n");
  for (const e of events) {
    const first = humanDuration(now - e.firstTime);
    const interval = e.count > 1 ? `${humanDuration(now - e.lastTime)} (x${e.count} over ${first})` : first;
    w.write(1, `${e.type}\t${e.reason}\t${interval}\t${e.source.component}\t${e.message.trim()}\n`);
  }
}
