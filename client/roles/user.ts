import { kubectlReadFlow } from "../board/flows.ts";
import { h, label, tr } from "../dom/h.ts";
import { createKubectlConsole } from "../dom/kubectlConsole.ts";
import { toast } from "../dom/shell.ts";
import { createYamlEditor } from "../dom/yamlEditor.ts";
import { kubectlErrors } from "../dom/yamlErrors.ts";
import { say, t } from "../i18n/i18n.ts";
import type { GameContext, Panel } from "./context.ts";

/**
 * The cluster user: a kubectl console and a YAML editor. Both reach the API server the way kubectl
 * does (the console's line, or `kubectl apply -f -` with the editor's text on stdin); the API server
 * validates and answers field by field, and the editor shows each error at its line.
 */
const TEMPLATES: Record<string, string> = {
  Deployment: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
`,
  Pod: `apiVersion: v1
kind: Pod
metadata:
  name: hello
spec:
  containers:
    - name: app
      image: busybox:1.36
      command: ["sh", "-c", "sleep 3600"]
`,
  Service: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 80
`,
};

export function userPanel(ctx: GameContext): Panel {
  const run = (line: string, stdin?: string) =>
    ctx.conn.ask("kubectl", stdin === undefined ? { line } : { line, stdin });
  // a write comes back to every board as an audited request; a read is drawn here only
  const flow = (changed: boolean) => {
    if (!changed) ctx.board()?.spawn(kubectlReadFlow());
  };
  const konsole = createKubectlConsole((line) => run(line), ctx.view, flow);
  const editor = createYamlEditor("yaml-editor", TEMPLATES.Deployment as string);
  const template = h(
    "select",
    { id: "yaml-template" },
    ...Object.keys(TEMPLATES).map((k) => h("option", { value: k }, k)),
  );
  label(template, "user.template");
  template.addEventListener("change", () => editor.setValue(TEMPLATES[template.value] ?? ""));
  const apply = h("button", { type: "button", class: "primary", id: "yaml-apply" }, "kubectl apply -f -");
  const result = h("pre", { class: "apply-result", "aria-live": "polite", id: "apply-result" });
  apply.addEventListener("click", async () => {
    const blocked = ctx.blocked();
    if (blocked) {
      toast(blocked, "warning");
      return;
    }
    const text = editor.value();
    const reply = await run("apply -f -", text);
    if (!reply.ok) {
      result.textContent = say(reply);
      result.className = "apply-result bad";
      result.removeAttribute("translate");
      return;
    }
    // kubectl's answer, as kubectl prints it
    result.textContent = `${reply.stdout}${reply.stderr}`;
    result.setAttribute("translate", "no");
    result.className = `apply-result ${reply.exitCode === 0 ? "ok" : "bad"}`;
    flow(reply.commands.length > 0);
    editor.showErrors(reply.exitCode === 0 ? [] : kubectlErrors(text, reply.stderr));
    if (reply.exitCode === 0) toast(() => t("user.applied"), "success", 2500);
  });

  const tabConsole = h(
    "button",
    {
      type: "button",
      role: "tab",
      id: "tab-console",
      "aria-controls": "pane-console",
      "aria-selected": "true",
    },
    "kubectl",
  );
  const tabYaml = h(
    "button",
    {
      type: "button",
      role: "tab",
      id: "tab-yaml",
      "aria-controls": "pane-yaml",
      "aria-selected": "false",
      tabindex: "-1",
    },
    "YAML",
  );
  const paneConsole = h(
    "div",
    { role: "tabpanel", id: "pane-console", "aria-labelledby": "tab-console" },
    konsole.element,
  );
  const paneYaml = h(
    "div",
    { role: "tabpanel", id: "pane-yaml", "aria-labelledby": "tab-yaml", hidden: true },
    h(
      "div",
      { class: "yaml-toolbar" },
      h("label", { for: "yaml-template" }, tr("user.template")),
      template,
      apply,
    ),
    editor.element,
    result,
  );
  const show = (yaml: boolean) => {
    tabConsole.setAttribute("aria-selected", String(!yaml));
    tabYaml.setAttribute("aria-selected", String(yaml));
    tabConsole.tabIndex = yaml ? -1 : 0;
    tabYaml.tabIndex = yaml ? 0 : -1;
    paneConsole.hidden = yaml;
    paneYaml.hidden = !yaml;
  };
  tabConsole.addEventListener("click", () => show(false));
  tabYaml.addEventListener("click", () => show(true));
  const tabs = h("div", { role: "tablist", class: "tabs" }, tabConsole, tabYaml);
  tabs.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    const yaml = tabConsole.getAttribute("aria-selected") === "true";
    show(yaml);
    (yaml ? tabYaml : tabConsole).focus();
  });
  label(tabs, "user.tabs");

  const element = h(
    "section",
    { class: "panel role-user", "aria-labelledby": "user-heading" },
    h("h2", { id: "user-heading" }, tr("user.title")),
    tr("user.intro", undefined, "p"),
    tabs,
    paneConsole,
    paneYaml,
  );
  return { element, update: () => {} };
}
