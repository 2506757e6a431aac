/** A problem in a scenario file, located as precisely as the loader can: file, document, field, line. */
export interface ScenarioError {
  file: string;
  /** 1-based index of the YAML document in that file. */
  document: number;
  kind?: string;
  name?: string;
  field?: string;
  message: string;
  /** 1-based, when known. */
  line?: number;
}

/** `<file>: document <n> (<Kind> "<name>")`, the prefix errors and notes share. */
export function documentLabel(file: string, document: number, kind?: string, name?: string): string {
  const object = kind ? ` (${kind}${name ? ` "${name}"` : ""})` : "";
  return `${file}: document ${document}${object}`;
}

/** e.g. `web.yaml: document 2 (Pod "web"), line 14: spec.containers[0].image: Required value` */
export function formatScenarioError(e: ScenarioError): string {
  const line = e.line !== undefined ? `, line ${e.line}` : "";
  return `${documentLabel(e.file, e.document, e.kind, e.name)}${line}: ${e.message}`;
}
