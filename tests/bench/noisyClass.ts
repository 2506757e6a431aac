import { pathToFileURL } from "node:url";
import type { Reply } from "../../shared/protocol/replies.ts";
import { Api, joinInstructor, joinStudent, type Student } from "../support/classroom.ts";
import { STUDENTS } from "./classes.ts";

/**
 * The noisy neighbour's class (see noisy.bench.ts), run in its own process: `node --import tsx
 * noisyClass.ts URL`; it says "ready" over IPC once its load is running, and answers "stop" with its
 * figures.
 */
const REPLICAS = process.env.BENCH_NOISY_REPLICAS ?? "max";
/**
 * The noisy session's quota (the engine's SetQuota, sent by its teacher), standing in for the limits the
 * server will set on every session; "none" leaves it unlimited.
 */
const QUOTA = process.env.BENCH_NOISY_QUOTA ?? "pods=1000,nodes=100,objects=3000,replicas=1000";
/** Nodes of the teacher's uploaded scenario: 8,000 fill the 512 KB a file may have. */
const NODES = Number(process.env.BENCH_NOISY_NODES ?? 8000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function manyNodes(nodes: number): string {
  const docs: string[] = [];
  for (let i = 0; i < nodes; i++) docs.push(`apiVersion: v1\nkind: Node\nmetadata: {name: n${i}}\n`);
  return docs.join("---\n");
}

function podsFile(prefix: string, n: number): string {
  return Array.from(
    { length: n },
    (_, i) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${prefix}-${i}\n  labels: {app: noisy}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    resources: {requests: {cpu: 1m, memory: 1Mi}}\n`,
  ).join("---\n");
}

interface NoiseFigures {
  sent: number;
  answered: number;
  overBudget: number;
  throttled: number;
  other: number;
  replicas: number;
  validations: number;
  validationsRefused: number;
}

/** The noisy class: started, everyone on the user seat, then the worst it may do until `stop`. */
export async function noisyClass(url: string) {
  const api = new Api(url);
  const created = await api.createSession("first-pod", { maxPlayers: STUDENTS, speed: 1 });
  const teacher = await joinInstructor(url, created.code, created.instructorToken);
  const students: Student[] = [];
  for (let i = 0; i < STUDENTS; i++) students.push(await joinStudent(url, created.code, `noisy ${i + 1}`));
  await teacher.ask("session.start");
  if (QUOTA !== "none") {
    const limits = Object.fromEntries(
      QUOTA.split(",").map((kv) => [kv.split("=")[0], Number(kv.split("=")[1])]),
    );
    await teacher.ask("command", { command: { type: "SetQuota", ...limits } });
  }
  for (const s of students) await s.ask("seat.take", { seat: "user" });
  const figures: NoiseFigures = {
    sent: 0,
    answered: 0,
    overBudget: 0,
    throttled: 0,
    other: 0,
    replicas: 0,
    validations: 0,
    validationsRefused: 0,
  };
  let stopped = false;
  const count = (reply: Reply<Record<string, unknown>>) => {
    if (reply.ok) figures.answered++;
    else if (reply.reason === "OverBudget") figures.overBudget++;
    else if (reply.reason === "Throttled") figures.throttled++;
    else figures.other++;
  };

  // the largest Deployment the server accepts
  const writer = students[0] as Student;
  let replicas = REPLICAS === "max" ? 100_000 : Number(REPLICAS);
  for (;;) {
    const reply = await writer
      .ask("kubectl", { line: `kubectl create deployment huge --image=nginx:1.27 --replicas=${replicas}` })
      .catch(() => ({ ok: false as const }));
    const exit = (reply as { exitCode?: number }).exitCode;
    if (reply.ok && exit === 0) break;
    if (replicas <= 1) break;
    replicas = Math.floor(replicas / 2);
  }
  figures.replicas = replicas;

  const lines = (i: number, round: number): { line: string; files?: Record<string, string> } => {
    switch ((i + round) % 6) {
      case 0:
        return { line: "kubectl get all -A -o yaml" };
      case 1:
        return { line: "kubectl describe pods -A" };
      case 2:
        return { line: "kubectl get pods -A -o wide" };
      case 3:
        return { line: "kubectl apply -f pods.yaml", files: { "pods.yaml": podsFile(`n${i}-${round}`, 50) } };
      case 4:
        return {
          line: `kubectl scale deployment huge --replicas=${round % 2 ? replicas : Math.ceil(replicas / 2)}`,
        };
      default:
        return { line: "kubectl get events -A -o json" };
    }
  };
  // at the message limit (MESSAGE_RATE 20/s each): every student keeps up to 20 requests a second going
  const senders = students.map(async (student, i) => {
    let round = 0;
    while (!stopped) {
      const started = performance.now();
      const batch = Array.from({ length: 20 }, () => {
        figures.sent++;
        return student.ask("kubectl", lines(i, round++)).then(count, () => {
          figures.other++;
        });
      });
      await Promise.all(batch);
      await sleep(Math.max(0, 1000 - (performance.now() - started)));
    }
  });
  // the teacher's maximal scenario: checked at the rate limit, and one session created from it
  const big = [{ file: "big.yaml", text: manyNodes(NODES) }];
  const uploads = (async () => {
    const upload = await api.post("/api/sessions", { files: big }).catch(() => ({ status: 0 }));
    if (upload.status !== 201) figures.validationsRefused++;
    while (!stopped) {
      const res = await api.post("/api/scenarios/validate", { files: big }).catch(() => ({ status: 0 }));
      figures.validations++;
      if (res.status !== 200) figures.validationsRefused++;
      await sleep(2000);
    }
  })();
  return {
    figures,
    stop: async () => {
      stopped = true;
      await Promise.all([...senders, uploads]);
      const rooms = [teacher.room, ...students.map((s) => s.room)];
      for (const room of rooms) room.reconnection.enabled = false;
      await Promise.all(rooms.map((room) => Promise.race([room.leave(true).catch(() => {}), sleep(1000)])));
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const url = process.argv[2] as string;
  const noisy = await noisyClass(url);
  process.send?.("ready");
  // the benchmark went away: so does its noisy class
  process.on("disconnect", () => process.exit(0));
  process.on("message", async () => {
    await noisy.stop();
    process.send?.(noisy.figures, () => process.exit(0));
  });
}
