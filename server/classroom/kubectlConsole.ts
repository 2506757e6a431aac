import { kubectl } from "../../shared/kubectl/kubectl.ts";
import { MAX_KUBECTL_OUTPUT } from "../../shared/protocol/messages.ts";
import type { KubectlOutput } from "../../shared/protocol/replies.ts";
import type { CommandResult } from "../../shared/sim/commands.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import type { Classroom } from "./Classroom.ts";

/** The seat of someone without one: the engine knows no such seat, so any change is refused (reads work). */
export const OBSERVER_SEAT = "observer";

export interface KubectlRequest {
  line: string;
  namespace?: string;
  files?: Record<string, string>;
  stdin?: string;
}

/**
 * Runs a kubectl line from a player's console with the shared kubectl (shared/kubectl/kubectl.ts). It
 * reads the live cluster; every change it makes goes through `classroom.applyCommand`, so it is
 * authorised by the player's seat and written to the match record like any other move. The engine it
 * is handed is the live one with only `apply` redirected.
 */
export function runKubectl(
  classroom: Classroom,
  seat: string,
  playerId: string | undefined,
  request: KubectlRequest,
  frozen = false,
): KubectlOutput & { accepted: number; frozen: boolean } {
  const commands: number[] = [];
  let accepted = 0;
  let refusedFrozen = false;
  const recording = Object.create(classroom.engine) as Engine;
  recording.apply = (asSeat: string, command: unknown): CommandResult => {
    if (frozen) {
      // the class is frozen: reads answer, changes never reach the engine (the router refuses the line)
      refusedFrozen = true;
      return { ok: false, code: "Forbidden", message: "the class is frozen" };
    }
    const applied = classroom.applyCommand(asSeat, command, playerId);
    commands.push(applied.seq);
    if (applied.outcome === "accepted") accepted++;
    return (
      applied.engineResult ?? {
        ok: false,
        code: "Unavailable",
        message: "The simulation failed on this command.",
      }
    );
  };
  const result = kubectl(recording, request.line, {
    seat,
    ...(request.namespace ? { namespace: request.namespace } : {}),
    ...(request.files ? { files: request.files } : {}),
    ...(request.stdin !== undefined ? { stdin: request.stdin } : {}),
  });
  return {
    stdout: cut(result.stdout),
    stderr: cut(result.stderr),
    exitCode: result.exitCode,
    commands,
    accepted,
    frozen: refusedFrozen,
  };
}

function cut(text: string): string {
  if (text.length <= MAX_KUBECTL_OUTPUT) return text;
  return `${text.slice(0, MAX_KUBECTL_OUTPUT)}\n... (output cut at ${MAX_KUBECTL_OUTPUT} characters)\n`;
}
