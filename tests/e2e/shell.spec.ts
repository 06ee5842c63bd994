import { expect, test } from "@playwright/test";
import { stateFile } from "./support/state";
import { watchConsoleErrors } from "./support/console-errors";

const sections = [
  { label: "Queue", path: "/queue", heading: "Review queue", empty: "The review queue arrives with issue #6" },
  { label: "Inbound", path: "/inbound", heading: /^Inbound/, empty: null },
  { label: "Accounts", path: "/accounts", heading: "Accounts", empty: null },
  { label: "Audit", path: "/audit", heading: "Audit", empty: /Audit search and export arrive with/ },
  { label: "Admin", path: "/admin", heading: /^(Admin|Staff)/, empty: null },
] as const;

test.describe("console shell", () => {
  // An administrator sees all five sections.
  test.use({ storageState: stateFile("admin") });

  test("the root redirects to the queue, which shows the shell and an honest empty state", async ({ page }, testInfo) => {
    const consoleErrors = watchConsoleErrors(page);
    await page.goto("/");
    await expect(page).toHaveURL(/\/queue$/);
    await expect(page).toHaveTitle("Review queue · Gatehouse");

    await expect(page.getByRole("banner").getByText("Gatehouse", { exact: true })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Console" });
    for (const s of sections) await expect(nav.getByRole("link", { name: new RegExp(`^${s.label}\\b`) })).toHaveAttribute("href", s.path);
    await expect(nav.getByRole("link")).toHaveCount(5);

    await expect(page.getByRole("heading", { level: 1, name: "Review queue" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "The review queue arrives with issue #6" })).toBeVisible();

    await page.screenshot({ path: testInfo.outputPath("shell-queue.png"), fullPage: true });
    expect(consoleErrors()).toEqual([]);
  });

  test("navigating marks exactly one section as current", async ({ page }) => {
    const consoleErrors = watchConsoleErrors(page);
    await page.goto("/queue");
    const nav = page.getByRole("navigation", { name: "Console" });
    const link = (label: string) => nav.getByRole("link", { name: new RegExp(`^${label}\\b`) });

    for (const s of [...sections.slice(1), sections[0]]) {
      await link(s.label).click();
      await expect(page).toHaveURL(new RegExp(`${s.path}$`));
      await expect(page.getByRole("heading", { level: 1, name: s.heading })).toBeVisible();
      if (s.empty) await expect(page.getByRole("heading", { level: 2, name: s.empty })).toBeVisible();
      await expect(link(s.label)).toHaveAttribute("aria-current", "page");
      await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
    }
    expect(consoleErrors()).toEqual([]);
  });

  test("the skip link is the first stop and moves focus to the main content", async ({ page }) => {
    await page.goto("/audit");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
  });

  test("an unknown address shows the not-found page with a 404", async ({ page }) => {
    const res = await page.goto("/no-such-page");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await page.getByRole("link", { name: "Go to the review queue" }).click();
    await expect(page).toHaveURL(/\/queue$/);
  });
});
