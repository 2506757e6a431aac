import { kubectlEventsTable } from "../clusterprinters.ts";
import { type Context, print, printErr } from "../context.ts";
import type { eventSeries } from "../events.ts";
import { bool, type FlagSpec, list, type ParsedFlags, str } from "../flags.ts";
import { listOf, toJson, toYaml } from "../output.ts";
import { PAGE_BYTES, PAGE_OBJECTS } from "../paging.ts";
import { apiReadable, listed } from "../query.ts";
import { type ResourceType, resolveResource } from "../resources.ts";
import { formatTable } from "../table.ts";
import { aggregatedEventJson } from "../workloadjson.ts";

const EVENTS = resolveResource("events") as ResourceType;

/** `kubectl events [--for TYPE/NAME] [--types Warning]`: events sorted by time. */
export const EVENTS_FLAGS: FlagSpec[] = [
  { name: "all-namespaces", short: "A", type: "bool" },
  { name: "for", type: "string" },
  { name: "types", type: "strings" },
  { name: "output", short: "o", type: "string" },
  { name: "watch", short: "w", type: "bool" },
];

export function runEvents(ctx: Context, flags: ParsedFlags): number {
  const v = flags.values;
  if (!apiReadable(ctx)) return 1;
  const allNamespaces = bool(v, "all-namespaces");
  const types = list(v, "types");
  const forText = str(v, "for");
  let forKind: string | undefined;
  let forName: string | undefined;
  if (forText) {
    const slash = forText.indexOf("/");
    const r = resolveResource(slash < 0 ? "" : forText.slice(0, slash));
    if (!r || slash < 0) {
      printErr(
        ctx,
        `error: the server doesn't have a resource type "${slash < 0 ? forText : forText.slice(0, slash)}"`,
      );
      return 1;
    }
    forKind = r.kind;
    forName = forText.slice(slash + 1);
  }
  // the events resource lists them aggregated and by time, once per state (the console's cache)
  const events = (listed(ctx, EVENTS) as unknown as ReturnType<typeof eventSeries>).filter(
    (e) =>
      (allNamespaces || e.metadata.namespace === ctx.namespace) &&
      (types.length === 0 || types.includes(e.type)) &&
      (!forKind || (e.involvedObject.kind === forKind && e.involvedObject.name === forName)),
  );
  const output = str(v, "output");
  // the latest events (kubectl prints the newest last): at most a page of them, and of bytes
  let shown = events.slice(-PAGE_OBJECTS);
  if (output === "json" || output === "yaml") {
    const items: ReturnType<typeof aggregatedEventJson>[] = [];
    let bytes = 0;
    for (let i = shown.length - 1; i >= 0; i--) {
      const json = aggregatedEventJson(shown[i] as (typeof shown)[number]);
      bytes += JSON.stringify(json).length * (output === "json" ? 1.8 : 1);
      if (items.length > 0 && bytes > PAGE_BYTES) break;
      items.push(json);
    }
    items.reverse();
    print(ctx, output === "json" ? toJson(listOf(items)) : toYaml(listOf(items)));
    shown = shown.slice(shown.length - items.length);
  } else if (events.length === 0) {
    printErr(ctx, allNamespaces ? "No events found." : `No events found in ${ctx.namespace} namespace.`);
    return 0;
  } else {
    const table = kubectlEventsTable(shown, { now: ctx.state.now, allNamespaces });
    print(ctx, formatTable(table.headers, table.rows));
  }
  if (shown.length < events.length) {
    printErr(
      ctx,
      `Warning: the latest ${shown.length} of ${events.length} events shown (this console prints at most ${PAGE_OBJECTS} events or ${PAGE_BYTES / 1024} KiB per command): narrow them with --for TYPE/NAME, --types Warning or -n NAMESPACE`,
    );
  }
  return 0;
}
