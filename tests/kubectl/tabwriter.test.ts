import { describe, expect, it } from "vitest";
import { formatTable } from "../../shared/kubectl/table.ts";
import { DESCRIBE_LAYOUT, TABLE_LAYOUT, tabwrite } from "../../shared/kubectl/tabwriter.ts";

/** Go's text/tabwriter, cell by cell: the alignment rules kubectl's output inherits. */
describe("tabwrite", () => {
  it("pads every cell but the last of a line to its column's width plus padding", () => {
    expect(tabwrite("a\tbb\tc\naaa\tb\tcccc\n", DESCRIBE_LAYOUT)).toBe("a    bb  c\naaa  b   cccc\n");
  });

  it("a line without a tab ends the column block: the lines after it align on their own", () => {
    expect(
      tabwrite("Name:\tweb\nIPs:\n  IP:\t10.0.0.1\nControlled By:\tReplicaSet/x\n", DESCRIBE_LAYOUT),
    ).toBe("Name:  web\nIPs:\n  IP:           10.0.0.1\nControlled By:  ReplicaSet/x\n");
  });

  it("a column only spans the consecutive lines that have it (nested blocks)", () => {
    expect(tabwrite("Port:\t<unset>\t80/TCP\nTargetPort:\t80/TCP\n", DESCRIBE_LAYOUT)).toBe(
      "Port:        <unset>  80/TCP\nTargetPort:  80/TCP\n",
    );
  });

  it("an empty cell is padded too, leaving trailing blanks as kubectl does", () => {
    expect(tabwrite("IP:\t\nName:\tx\n", DESCRIBE_LAYOUT)).toBe("IP:    \nName:  x\n");
  });

  it("kubectl get's writer has a minimum width of 6 and a padding of 3", () => {
    expect(tabwrite("A\tB\nx\ty\n", TABLE_LAYOUT)).toBe("A     B\nx     y\n");
    expect(formatTable(["NAME", "AGE"], [["web", "5s"]])).toBe("NAME   AGE\nweb    5s");
  });
});
