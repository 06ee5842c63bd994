import type { Page } from "@playwright/test";

/**
 * Collects browser console errors and uncaught page errors, CSP violations included (Chromium
 * reports "Refused to … because it violates the following Content Security Policy directive").
 * A page that renders but cannot hydrate under the CSP fails here.
 */
export function watchConsoleErrors(page: Page): () => string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  return () => errors;
}
