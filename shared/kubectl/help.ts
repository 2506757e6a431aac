import { COMMANDS, type CommandSpec, GLOBAL_FLAGS } from "./commandtable.ts";

/** What `kubectl help` and `kubectl COMMAND --help` print. */
export function rootHelp(): string {
  const groups = new Map<string, [string, CommandSpec][]>();
  for (const [name, spec] of Object.entries(COMMANDS)) {
    if (!spec.group) continue;
    const list = groups.get(spec.group) ?? [];
    list.push([name, spec]);
    groups.set(spec.group, list);
  }
  const sections = [...groups].map(
    ([group, list]) =>
      `${group}:\n${list.map(([name, spec]) => `  ${name.padEnd(14)}  ${spec.short}${spec.run || spec.subcommands ? "" : " (not available in this console)"}`).join("\n")}`,
  );
  return `kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

${sections.join("\n\n")}

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
`;
}

export function commandHelp(spec: CommandSpec): string {
  const flags = [...spec.flags, ...GLOBAL_FLAGS].map((f) => {
    const value = f.type === "bool" ? "false" : f.type === "int" ? String(f.default ?? 0) : "''";
    return `    ${f.short ? `-${f.short}, ` : ""}--${f.name}=${typeof f.default === "boolean" ? String(f.default) : value}`;
  });
  const subcommands = spec.subcommands
    ? `\nAvailable Commands:\n${Object.entries(spec.subcommands)
        .filter(([name, s]) => s.use.split(" ")[1] === name)
        .map(([name, s]) => `  ${name.padEnd(12)}${s.short}`)
        .join("\n")}\n`
    : "";
  return `${spec.short}.
${subcommands}
Options:
${flags.join("\n")}

Usage:
  kubectl ${spec.use} [options]
`;
}
