import { expect, test } from "@playwright/test";
import { E2E_IDLE_URL } from "./env";
import { signIn } from "./support/auth";
import { createStaff } from "./support/staff";

// The second web server (playwright.config.ts) runs with SESSION_IDLE_SECONDS=5.
test.use({ baseURL: E2E_IDLE_URL });

test("a session ends after the idle timeout, and activity keeps it alive", async ({ page }) => {
  const who = await createStaff({ role: "AGENT" });
  await signIn(page, who);

  // Activity every 2 s keeps the session (each request counts as activity).
  for (let i = 0; i < 4; i++) {
    await page.waitForTimeout(2_000);
    await page.goto("/accounts");
    await expect(page).toHaveURL(/\/accounts$/);
  }

  await page.waitForTimeout(7_000);
  await page.goto("/queue");
  await expect(page).toHaveURL(/\/sign-in\?ended=idle$/);
  await expect(page.getByText("You were signed out after a period without activity.")).toBeVisible();
});
