import { type ClassFigures, leaveClasses, type PacedClass, pacedClass } from "./classes.ts";

/**
 * One load generator of the scale-out benchmark, in its own process: opens its share of the classes
 * (each created through the next process's URL, round robin: the HTTP API of any process serves any
 * class) and drives them at a class's pace (classes.ts). Told "measure", it starts afresh; told
 * "report", it sends its raw figures; told "stop", it leaves and exits.
 * argv: <first class number> <count> <url,url,...>
 */
const [first, count, urls] = [
  Number(process.argv[2]),
  Number(process.argv[3]),
  String(process.argv[4]).split(","),
];

const classes: PacedClass[] = [];
for (let i = 0; i < count; i++) {
  const n = first + i;
  classes.push(await pacedClass(urls[n % urls.length] as string, `c${n + 1}`));
}
process.send?.({ type: "ready" });

process.on("message", async (message: { type: string }) => {
  if (message.type === "measure") for (const c of classes) c.reset();
  if (message.type === "report") {
    const figures: ClassFigures[] = classes.map((c) => c.figures());
    process.send?.({ type: "figures", figures });
  }
  if (message.type === "stop") {
    await Promise.all(classes.map((c) => c.stop()));
    await leaveClasses(classes);
    process.exit(0);
  }
});
