/**
 * The languages of the UI: those of the seed document (English, Traditional Chinese, Japanese).
 * Kubernetes terms (Pod, Node, kubelet, ImagePullBackOff, Deployment ...) stay in English in every
 * catalog, as the Kubernetes documentation does in these languages.
 */
export const LANGUAGES = [
  { code: "en", name: "English" },
  { code: "zh-TW", name: "繁體中文" },
  { code: "ja", name: "日本語" },
] as const;

export type Language = (typeof LANGUAGES)[number]["code"];

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l.code === value);
}

/** The best UI language for a browser's preference list (navigator.languages). */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith("zh")) {
      // Simplified-script preferences still get Traditional Chinese: the only Chinese catalog.
      return "zh-TW";
    }
    if (lower.startsWith("ja")) return "ja";
    if (lower.startsWith("en")) return "en";
  }
  return "en";
}
