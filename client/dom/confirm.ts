import { h, tr } from "./h.ts";

/**
 * A modal question with two answers, as a native <dialog> (focus trapped, Escape cancels, read by
 * screen readers). Resolves true for the confirming button.
 */
export function confirmDialog(options: {
  title: string;
  body: (HTMLElement | string)[];
  confirm: string;
  cancel?: string;
  id?: string;
}): Promise<boolean> {
  return new Promise((resolve) => {
    const yes = h(
      "button",
      { type: "button", class: "danger", id: `${options.id ?? "confirm"}-yes` },
      options.confirm,
    );
    const no = h("button", { type: "button", class: "primary", id: `${options.id ?? "confirm"}-no` });
    if (options.cancel) no.append(options.cancel);
    else no.append(tr("shell.cancel"));
    const titleId = `${options.id ?? "confirm"}-title`;
    const dialog = h(
      "dialog",
      { class: "confirm-dialog", id: options.id ?? "confirm", "aria-labelledby": titleId },
      h("h2", { id: titleId }, options.title),
      ...options.body,
      h("div", { class: "dialog-actions" }, no, yes),
    );
    const done = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    yes.addEventListener("click", () => done(true));
    no.addEventListener("click", () => done(false));
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    // the safe answer has the focus: Enter does not bind to a Node the filters reject
    no.focus();
  });
}
