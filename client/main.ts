import "./styles/base.css";
import { getShell } from "./dom/shell.ts";
import { initialLanguage, setLanguage } from "./i18n/i18n.ts";
import { joinScreen } from "./pages/join.ts";
import { addRoute, interceptLinks, route } from "./router.ts";

addRoute("/", async () => joinScreen);
addRoute("/join", async () => joinScreen);
addRoute("/join/:code", async () => joinScreen);
addRoute("/play/:code", async () => (await import("./pages/play.ts")).playScreen);
addRoute("/lobby/:code", async () => (await import("./pages/play.ts")).playScreen);
addRoute("/instructor", async () => (await import("./pages/instructorCreate.ts")).instructorCreateScreen);
addRoute("/instructor/:code", async () => (await import("./pages/instructor.ts")).instructorScreen);
addRoute("/instructor/:code/projector", async () => (await import("./pages/projector.ts")).projectorScreen);
addRoute("/matches", async () => (await import("./pages/matches.ts")).matchesScreen);
addRoute("/replay/:id", async () => (await import("./pages/replay.ts")).replayScreen);
addRoute("/debrief/:id", async () => (await import("./pages/debrief.ts")).debriefScreen);
addRoute("/demo/board", async () => (await import("./pages/demoBoard.ts")).demoBoardScreen);
addRoute(".*", async () => (await import("./pages/notFound.ts")).notFoundScreen);

await setLanguage(initialLanguage(), false);
getShell();
interceptLinks();
await route(window.location.pathname);
document.documentElement.dataset.ready = "true";
