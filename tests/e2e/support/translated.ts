import type { Page } from "playwright-core";
import { expect } from "vitest";
import { findUntranslated } from "./untranslated.ts";

/**
 * The screen as it stands, in 繁體中文 and 日本語: no interface string left in English (the crawl's
 * check, support/untranslated.ts), then back to English. For the screens the crawl does not visit.
 */
export async function expectTranslated(page: Page, screen: string): Promise<void> {
  await page.bringToFront();
  for (const language of ["zh-TW", "ja"] as const) {
    await page.selectOption("#language", language);
    await expect.poll(() => page.getAttribute("html", "lang")).toBe(language);
    await page.waitForTimeout(450);
    const found = (await findUntranslated(page, language)).map(
      (f) => `${screen} [${language}] ${f.where}: ${f.what} in ${JSON.stringify(f.text.slice(0, 120))}`,
    );
    expect(found).toEqual([]);
  }
  await page.selectOption("#language", "en");
  await expect.poll(() => page.getAttribute("html", "lang")).toBe("en");
}
