import type { Invocation } from "../command.ts";

/** One run of a standard tool: its name as called, its arguments, and the invocation around it. */
export interface ToolCall extends Invocation {
  name: string;
  args: string[];
}

export type Tool = (call: ToolCall) => number;

/** Writes lines to stdout. */
export function say(call: ToolCall, ...lines: string[]): void {
  for (const line of lines) call.out.write(`${line}\n`, "out");
}

/** Writes a line to stderr. */
export function complain(call: ToolCall, line: string): void {
  call.out.write(`${line}\n`, "err");
}

/** GNU or BusyBox wording, as the image's userland has it. */
export function busybox(call: ToolCall): boolean {
  return call.run.facts.userland.style === "busybox";
}
