import type { Tool, ToolCall } from "./types.ts";

/**
 * echo, printf and test: shell builtins in every shell, and binaries too. dash's echo always reads
 * backslash escapes; bash's and BusyBox's only with -e.
 */
function unescapeText(text: string): { text: string; stop: boolean } {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const n = text[++i];
    switch (n) {
      case "n":
        out += "\n";
        break;
      case "t":
        out += "\t";
        break;
      case "r":
        out += "\r";
        break;
      case "\\":
        out += "\\";
        break;
      case "a":
      case "b":
      case "f":
      case "v":
        break;
      case "e":
        out += "\u001b";
        break;
      case "c":
        return { text: out, stop: true };
      case "0": {
        const oct = /^[0-7]{0,3}/.exec(text.slice(i + 1))?.[0] ?? "";
        out += String.fromCharCode(Number.parseInt(oct || "0", 8));
        i += oct.length;
        break;
      }
      default:
        out += `\\${n ?? ""}`;
    }
  }
  return { text: out, stop: false };
}

export function echo(call: ToolCall, escapesByDefault: boolean): number {
  let newline = true;
  let escapes = escapesByDefault;
  let args = call.args;
  while (args[0] && /^-[neE]+$/.test(args[0])) {
    const flags = args[0];
    if (flags.includes("n")) newline = false;
    if (flags.includes("e")) escapes = true;
    if (flags.includes("E")) escapes = false;
    args = args.slice(1);
  }
  let text = args.join(" ");
  if (escapes) {
    const u = unescapeText(text);
    text = u.text;
    if (u.stop) newline = false;
  }
  call.out.write(newline ? `${text}\n` : text, "out");
  return 0;
}

export function printf(call: ToolCall): number {
  const [format = "", ...rest] = call.args;
  let args = rest;
  let out = "";
  do {
    let used = 0;
    const text = format.replace(
      /%([-+ 0#]*)(\d*)(?:\.(\d+))?([sdiuxXofcb%])/g,
      (_, flags: string, width: string, prec: string, conv: string) => {
        if (conv === "%") return "%";
        const arg = args[used++] ?? "";
        let v: string;
        switch (conv) {
          case "d":
          case "i":
          case "u":
            v = String(Math.trunc(Number(arg) || 0));
            break;
          case "x":
            v = (Math.trunc(Number(arg)) || 0).toString(16);
            break;
          case "X":
            v = (Math.trunc(Number(arg)) || 0).toString(16).toUpperCase();
            break;
          case "o":
            v = (Math.trunc(Number(arg)) || 0).toString(8);
            break;
          case "f":
            v = (Number(arg) || 0).toFixed(prec === undefined ? 6 : Number(prec));
            break;
          case "c":
            v = arg.slice(0, 1);
            break;
          case "b":
            v = unescapeText(arg).text;
            break;
          default:
            v = prec !== undefined ? arg.slice(0, Number(prec)) : arg;
        }
        const w = Number(width || 0);
        return flags.includes("-")
          ? v.padEnd(w)
          : v.padStart(w, flags.includes("0") && conv !== "s" ? "0" : " ");
      },
    );
    out += unescapeText(text).text;
    args = args.slice(used);
    if (used === 0) break;
  } while (args.length > 0);
  call.out.write(out, "out");
  return 0;
}

/** test / [ : strings, integers, and files the simulated filesystem knows. */
export function test(call: ToolCall, fileExists: (path: string) => boolean): number {
  let args = call.args;
  if (call.name === "[" || call.name === "[[") {
    const close = call.name === "[" ? "]" : "]]";
    if (args[args.length - 1] !== close) {
      call.out.write(`${call.name}: missing '${close}'\n`, "err");
      return 2;
    }
    args = args.slice(0, -1);
  }
  const evaluate = (a: string[]): boolean => {
    if (a[0] === "!") return !evaluate(a.slice(1));
    const or = a.indexOf("-o");
    if (or > 0) return evaluate(a.slice(0, or)) || evaluate(a.slice(or + 1));
    const and = a.indexOf("-a");
    if (and > 0 && a.length > 3) return evaluate(a.slice(0, and)) && evaluate(a.slice(and + 1));
    if (a.length === 0) return false;
    if (a.length === 1) return (a[0] ?? "") !== "";
    if (a.length === 2) {
      const [op, v = ""] = a;
      switch (op) {
        case "-z":
          return v === "";
        case "-n":
          return v !== "";
        case "-e":
        case "-f":
        case "-s":
        case "-r":
        case "-d":
        case "-x":
        case "-w":
          return fileExists(v);
        default:
          return false;
      }
    }
    const [l = "", op, r = ""] = a;
    const n = (s: string) => Number.parseInt(s, 10) || 0;
    switch (op) {
      case "=":
      case "==":
        return l === r;
      case "!=":
        return l !== r;
      case "-eq":
        return n(l) === n(r);
      case "-ne":
        return n(l) !== n(r);
      case "-lt":
        return n(l) < n(r);
      case "-le":
        return n(l) <= n(r);
      case "-gt":
        return n(l) > n(r);
      case "-ge":
        return n(l) >= n(r);
      default:
        return false;
    }
  };
  return evaluate(args) ? 0 : 1;
}

export const TEXT_TOOLS: Record<string, Tool> = {
  echo: (call) => echo(call, false),
  printf,
};
