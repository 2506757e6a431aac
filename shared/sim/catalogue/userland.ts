/**
 * The standard tools an image's filesystem holds, by family (catalogue.json's "userlands"): which
 * names a command finds on PATH, which shell /bin/sh is, and how its tools word their errors.
 */
export type ShellKind = "dash" | "ash" | "bash";

export interface Userland {
  name: string;
  /** What /bin/sh is; absent when the image has no shell. */
  sh?: ShellKind;
  /** GNU coreutils or BusyBox wording of error messages. */
  style: "gnu" | "busybox";
  path: string;
  programs: ReadonlySet<string>;
  /** nslookup's output format: BusyBox 1.29+, BusyBox up to 1.28, or bind's dnsutils. */
  nslookup: "busybox" | "legacy" | "bind";
}

export const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * The userland of an image the catalogue does not describe (a scenario's own image with no base):
 * its tools are unknown, so every name is taken to exist and a shell to be there.
 */
export const UNKNOWN_USERLAND: Userland = {
  name: "unknown",
  sh: "ash",
  style: "busybox",
  path: DEFAULT_PATH,
  programs: new Set(),
  nslookup: "busybox",
};
