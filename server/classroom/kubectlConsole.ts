import type { KubeClient } from "../../shared/kubectl/client.ts";
import type { ListCache } from "../../shared/kubectl/context.ts";
import { kubectl } from "../../shared/kubectl/kubectl.ts";
import type { ParsedManifestFile } from "../../shared/kubectl/manifests.ts";
import { MAX_KUBECTL_OUTPUT, type MessagePayload } from "../../shared/protocol/messages.ts";
import type { KubectlOutput } from "../../shared/protocol/replies.ts";
import type { Command, CommandResult } from "../../shared/sim/commands.ts";
import type { ClusterState } from "../../shared/sim/model/state.ts";

/** The seat of someone without one (a student in the lobby): reads work, a change refuses the line. */
export const OBSERVER_SEAT = "observer";

export type KubectlRequest = MessagePayload<"kubectl">;

export interface KubectlConsolePorts {
  /** The live cluster, read only. */
  state(): ClusterState;
  /**
   * Lists shared by every console command on the same state (same tick, no move since): a class of 40
   * typing `kubectl get pods` lists and sorts the pods once.
   */
  cache(): ListCache;
  /** Applies a change through the match record: its seq, whether it was accepted, the engine's answer. */
  apply(
    seat: string,
    command: Command,
    playerId: string | undefined,
  ): { seq: number; accepted: boolean; result?: CommandResult };
  /** Records everything the line changes in one commit (one fsync), before the line is answered. */
  batch<T>(work: () => T): T;
}

/**
 * Changes one console line may make. Each is an engine command and a row of the record (~0.1-0.3 ms of
 * the event loop each, measured); a line asking for more (`delete pods --all` over thousands) stops
 * there and says so, and can be run again for the rest.
 */
export const MAX_CHANGES_PER_LINE = 50;

/** Thrown from the client to stop a line at MAX_CHANGES_PER_LINE; kubectl prints it as `error: ...`. */
class ChangeLimit extends Error {}

export interface ConsoleRun extends KubectlOutput {
  /** How many of its changes the engine accepted (the player's counter). */
  accepted: number;
  /** A change was refused because the class is frozen: the whole line is refused. */
  frozen: boolean;
  /** A change was attempted from the lobby (no seat): the whole line is refused. */
  seatless: boolean;
}

/**
 * A player's kubectl console, run on the server with the shared kubectl (shared/kubectl/kubectl.ts)
 * against a KubeClient: reads answer from the live cluster, every change goes through the match record,
 * authorised by the player's seat like any other move.
 */
export function runKubectl(
  ports: KubectlConsolePorts,
  seat: string,
  playerId: string | undefined,
  request: KubectlRequest,
  frozen = false,
  parsed?: Record<string, ParsedManifestFile>,
): ConsoleRun {
  const commands: number[] = [];
  let accepted = 0;
  let refusedFrozen = false;
  let refusedSeatless = false;
  const client: KubeClient = {
    get state() {
      return ports.state();
    },
    apply: (asSeat, command) => {
      if (asSeat === OBSERVER_SEAT) {
        // the engine knows no such seat and would answer `unknown seat "observer"`; the router refuses
        // the line with a phrase saying what to do instead
        refusedSeatless = true;
        return { ok: false, code: "Forbidden", message: "take a seat first" };
      }
      if (frozen) {
        // the class is frozen: reads answer, changes never reach the engine (the router refuses the line)
        refusedFrozen = true;
        return { ok: false, code: "Forbidden", message: "the class is frozen" };
      }
      if (commands.length >= MAX_CHANGES_PER_LINE) {
        throw new ChangeLimit(
          `this console makes at most ${MAX_CHANGES_PER_LINE} changes per command; ${commands.length} were made: run it again for the rest, or narrow it (-l SELECTOR, names)`,
        );
      }
      const applied = ports.apply(asSeat, command, playerId);
      commands.push(applied.seq);
      if (applied.accepted) accepted++;
      // an engine that threw answers as an API server that failed: kubectl prints it as such
      return (
        applied.result ?? {
          ok: false,
          code: "Unavailable",
          message: "The simulation failed on this command.",
        }
      );
    },
  };
  const result = ports.batch(() =>
    kubectl(client, request.line, {
      seat,
      ...(request.namespace ? { namespace: request.namespace } : {}),
      ...(request.files ? { files: request.files } : {}),
      ...(request.stdin !== undefined ? { stdin: request.stdin } : {}),
      cache: ports.cache(),
      ...(parsed ? { parsed } : {}),
    }),
  );
  return {
    stdout: cut(result.stdout),
    stderr: cut(result.stderr),
    exitCode: result.exitCode,
    commands,
    accepted,
    frozen: refusedFrozen,
    seatless: refusedSeatless,
  };
}

function cut(text: string): string {
  if (text.length <= MAX_KUBECTL_OUTPUT) return text;
  return `${text.slice(0, MAX_KUBECTL_OUTPUT)}\n... (output cut at ${MAX_KUBECTL_OUTPUT} characters)\n`;
}
