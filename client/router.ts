/**
 * Screens by path. The join screen is in the first bundle; every other screen is loaded when visited,
 * so a student's phone downloads Phaser and the SDK only after joining.
 */
export type Unmount = () => void;
export type Screen = (params: Record<string, string>) => Unmount | undefined | Promise<Unmount | undefined>;

interface Route {
  pattern: RegExp;
  names: string[];
  load: () => Promise<Screen>;
}

const routes: Route[] = [];
let unmount: Unmount | undefined;
let generation = 0;

export function addRoute(path: string, load: () => Promise<Screen>): void {
  const names: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/:(\w+)/g, (_m, name: string) => {
      names.push(name);
      return "([^/]+)";
    })}/?$`,
  );
  routes.push({ pattern, names, load });
}

export async function route(path: string): Promise<void> {
  const mine = ++generation;
  unmount?.();
  unmount = undefined;
  for (const r of routes) {
    const match = r.pattern.exec(path);
    if (!match) continue;
    const params: Record<string, string> = {};
    r.names.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1] ?? "");
    });
    const screen = await r.load();
    if (mine !== generation) return;
    const result = await screen(params);
    if (mine !== generation) result?.();
    else unmount = result ?? undefined;
    document.documentElement.dataset.screen = r.names.length
      ? path.split("/")[1]
      : path.split("/")[1] || "join";
    return;
  }
}

/** Goes to another screen without reloading the page. */
export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  void route(window.location.pathname);
}

/** Makes same-origin links navigate inside the app. */
export function interceptLinks(): void {
  window.addEventListener("popstate", () => void route(window.location.pathname));
  document.addEventListener("click", (event) => {
    const a = (event.target as Element | null)?.closest?.("a");
    if (!a || a.target || a.hasAttribute("download") || event.defaultPrevented) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(a.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith("/api/")) return;
    if (url.pathname === window.location.pathname && url.hash) return;
    event.preventDefault();
    history.pushState(null, "", url.pathname + url.search + url.hash);
    void route(url.pathname);
  });
}
