/**
 * Go's text/tabwriter, which kubectl runs every table and `describe` through: cells end at a tab, a
 * column is as wide as its widest cell plus padding within a block of consecutive lines that have that
 * column, and the text after a line's last tab is not part of any column. Porting the algorithm (not
 * approximating it) is what makes `describe` output line up exactly as kubectl's does, including its
 * quirks (a line without tabs starts new blocks; an empty value leaves trailing padding).
 */
export interface TabwriterOptions {
  minwidth: number;
  padding: number;
}

/** `kubectl get` tables: printers.GetNewTabWriter (minwidth 6, padding 3). */
export const TABLE_LAYOUT: TabwriterOptions = { minwidth: 6, padding: 3 };
/** `kubectl describe`: tabwriter.NewWriter(out, 0, 8, 2, ' ', 0). */
export const DESCRIBE_LAYOUT: TabwriterOptions = { minwidth: 0, padding: 2 };

/** Formats text whose cells are separated by tabs; lines end with "\n". */
export function tabwrite(text: string, options: TabwriterOptions): string {
  const lines = text.split("\n");
  // A final "\n" leaves an empty last line: it holds no cell and prints nothing.
  const trailingNewline = lines.length > 1 && lines[lines.length - 1] === "";
  if (trailingNewline) lines.pop();
  const cells = lines.map((line) => line.split("\t"));
  const out: string[] = [];
  const widths: number[] = [];
  format(cells, 0, cells.length, widths, options, out);
  return out.join("\n") + (trailingNewline ? "\n" : "");
}

function format(
  lines: string[][],
  line0: number,
  line1: number,
  widths: number[],
  options: TabwriterOptions,
  out: string[],
): void {
  const column = widths.length;
  let start = line0;
  for (let i = line0; i < line1; i++) {
    if (column >= (lines[i] as string[]).length - 1) continue;
    // A cell exists in this column: print the lines before the block, then size the block.
    writeLines(lines, start, i, widths, out);
    start = i;
    let width = options.minwidth;
    for (; i < line1; i++) {
      const line = lines[i] as string[];
      if (column >= line.length - 1) break;
      const w = (line[column] as string).length + options.padding;
      if (w > width) width = w;
    }
    widths.push(width);
    format(lines, start, i, widths, options, out);
    widths.pop();
    start = i;
    i--;
  }
  writeLines(lines, start, line1, widths, out);
}

function writeLines(lines: string[][], line0: number, line1: number, widths: number[], out: string[]): void {
  for (let i = line0; i < line1; i++) {
    const line = lines[i] as string[];
    let text = "";
    for (let j = 0; j < line.length; j++) {
      const cell = line[j] as string;
      text += j < widths.length ? cell.padEnd(widths[j] as number) : cell;
    }
    out.push(text);
  }
}
