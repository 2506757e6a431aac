import { TABLE_LAYOUT, tabwrite } from "./tabwriter.ts";

/**
 * kubectl's table layout: the human-readable printer writes each row as tab-separated cells through
 * printers.GetNewTabWriter, so the last column is ragged and every other column is padded by 3.
 */
export function formatTable(headers: string[], rows: string[][]): string {
  const lines = [headers.join("\t"), ...rows.map((row) => row.join("\t"))];
  return tabwrite(`${lines.join("\n")}\n`, TABLE_LAYOUT).slice(0, -1);
}
