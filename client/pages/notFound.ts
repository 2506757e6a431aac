import { h, tr } from "../dom/h.ts";
import { resetShell } from "../dom/shell.ts";
import type { Screen } from "../router.ts";

export const notFoundScreen: Screen = () => {
  const shell = resetShell("notFound.title");
  shell.main.append(
    h(
      "div",
      { class: "card center-card" },
      h("h1", null, tr("notFound.title")),
      tr("notFound.text", undefined, "p"),
      h("a", { href: "/", class: "button" }, tr("notFound.home")),
    ),
  );
  return undefined;
};
