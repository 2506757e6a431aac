import { beforeAll, describe, expect, it } from "vitest";
import { printEvents } from "../../shared/kubectl/printers.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { classroom, run } from "./fixtures.ts";

/**
 * `kubectl events` as kubectl v1.31 prints it (pkg/cmd/events/event_printer.go): LAST SEEN with the
 * series ("87s (x7 over 6m38s)"), OBJECT as Kind/name, the message trimmed; NAMESPACE first with -A.
 * `kubectl get events` keeps kind/name in lower case and one row per Event, without the series.
 */
describe("kubectl events after 400 s", () => {
  let engine: Engine;
  beforeAll(() => {
    engine = classroom(400);
  });

  it.each([
    ["events --for pod/crash", /^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/m],
    [
      "events --for pod/crash",
      /^6m39s +Normal +Scheduled +Pod\/crash +Successfully assigned default\/crash to worker-1$/m,
    ],
    [
      "events --for pod/crash",
      /^87s \(x7 over 6m38s\) +Normal +Started +Pod\/crash +Started container main$/m,
    ],
    [
      "events --for pod/crash",
      /^\d+s \(x\d+ over 6m38s\) +Warning +BackOff +Pod\/crash +Back-off restarting failed container main in pod crash_default\(/m,
    ],
    ["events --types Warning -A", /^NAMESPACE +LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/m],
    [
      "events --types Warning -A",
      /^default +\d+s \(x\d+ over 6m3\ds\) +Warning +Failed +Pod\/typo +Error: ImagePullBackOff$/m,
    ],
    [
      "get events --field-selector involvedObject.name=crash",
      /^87s +Normal +Started +pod\/crash +Started container main$/m,
    ],
  ])("%s prints %s", (line, pattern) => {
    const r = run(engine, line);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(pattern);
  });

  it("--types Warning leaves the Normal events out", () => {
    expect(run(engine, "events --types Warning").stdout).not.toMatch(/ Normal /);
  });

  it("BackOff is said at every sync of the pod worker (10-15 s apart), as many times as a real kubelet says it", () => {
    const backoff = /BackOff +Pod\/crash .*$/m.exec(run(engine, "events --for pod/crash").stdout);
    const line = run(engine, "events --for pod/crash")
      .stdout.split("\n")
      .find((l) => l.includes("BackOff"));
    const count = Number(/\(x(\d+) over/.exec(line ?? "")?.[1]);
    expect(backoff).not.toBeNull();
    // 398 s of crash loop: one sync every 12.5 s on average, as kubelets print "(x30 over 6m38s)"
    expect(count).toBeGreaterThanOrEqual(25);
    expect(count).toBeLessThanOrEqual(40);
  });

  it("no events in a namespace: the sentence on stderr", () => {
    const r = run(engine, "events -n kube-node-lease");
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("No events found in kube-node-lease namespace.\n");
  });

  it("--for an unknown type is refused as kubectl refuses it", () => {
    expect(run(engine, "events --for widget/x").stderr).toBe(
      'error: the server doesn\'t have a resource type "widget"\n',
    );
  });

  it("npm run simulate's table: one row per event series, not per occurrence", () => {
    const text = printEvents(engine.state.events, { now: engine.now, allNamespaces: true });
    const rows = text.split("\n").filter((l) => / pod\/crash +Back-off restarting/.test(l));
    expect(rows).toHaveLength(1);
    expect(text.split("\n")[0]).toMatch(/^NAMESPACE +LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/);
    const started = text.split("\n").filter((l) => / Started +pod\/crash /.test(l));
    expect(started).toHaveLength(1);
  });
});
