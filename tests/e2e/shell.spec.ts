import { expect, test } from "@playwright/test";
import { stateFile } from "./support/state";
import { watchConsoleErrors } from "./support/console-errors";

const sections = [
  { label: "Dashboard", path: "/", heading: "Dashboard", empty: null },
  { label: "Queue", path: "/queue", heading: "Review queue", empty: null },
  { label: "Inbound", path: "/inbound", heading: /^Inbound/, empty: null },
  { label: "Accounts", path: "/accounts", heading: "Accounts", empty: null },
  { label: "Audit", path: "/audit", heading: "Audit", empty: null },
  { label: "Admin", path: "/admin", heading: /^(Admin|Staff)/, empty: null },
] as const;

test.describe("console shell", () => {
  // An administrator sees all six sections.
  test.use({ storageState: stateFile("admin") });

  test("the root is the dashboard, inside the console shell", async ({ page }, testInfo) => {
    const consoleErrors = watchConsoleErrors(page);
    await page.goto("/");
    await expect(page).toHaveURL(/\/$/);
    await expect(page).toHaveTitle("Dashboard · Gatehouse");

    await expect(page.getByRole("banner").getByText("Gatehouse", { exact: true })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Console" });
    for (const s of sections) await expect(nav.getByRole("link", { name: new RegExp(`^${s.label}\\b`) })).toHaveAttribute("href", s.path);
    await expect(nav.getByRole("link")).toHaveCount(6);

    await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    for (const title of ["Backlog by status", "SLA breaches per day", "Time to first claim and to decision", "Decisions per agent per day", "Inbound email volume"]) {
      await expect(page.getByRole("heading", { level: 2, name: title })).toBeVisible();
    }
    await page.getByRole("navigation", { name: "Period" }).getByRole("link", { name: "7 days" }).click();
    await expect(page).toHaveURL(/\/\?days=7$/);
    await expect(page.getByRole("navigation", { name: "Period" }).getByRole("link", { name: "7 days" })).toHaveAttribute("aria-current", "page");

    await page.screenshot({ path: testInfo.outputPath("shell-dashboard.png"), fullPage: true });
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
