import { eventTable } from "../clusterprinters.ts";
import { type Context, print, printErr } from "../context.ts";
import { aggregateEvents, byLastSeen } from "../events.ts";
import { bool, type FlagSpec, list, type ParsedFlags, str } from "../flags.ts";
import { listOf, toJson, toYaml } from "../output.ts";
import { apiReadable } from "../query.ts";
import { resolveResource } from "../resources.ts";
import { formatTable } from "../table.ts";
import { aggregatedEventJson } from "../workloadjson.ts";

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
  const events = aggregateEvents(ctx.state.events)
    .filter(
      (e) =>
        (allNamespaces || e.metadata.namespace === ctx.namespace) &&
        (types.length === 0 || types.includes(e.type)) &&
        (!forKind || (e.involvedObject.kind === forKind && e.involvedObject.name === forName)),
    )
    .sort(byLastSeen);
  const output = str(v, "output");
  if (output === "json" || output === "yaml") {
    const value = listOf(events.map(aggregatedEventJson));
    print(ctx, output === "json" ? toJson(value) : toYaml(value));
    return 0;
  }
  if (events.length === 0) {
    printErr(ctx, allNamespaces ? "No events found." : `No events found in ${ctx.namespace} namespace.`);
    return 0;
  }
  const table = eventTable(events, { now: ctx.state.now, allNamespaces });
  print(ctx, formatTable(table.headers, table.rows));
  return 0;
}
