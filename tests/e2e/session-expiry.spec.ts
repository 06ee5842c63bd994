import { expect, test } from "@playwright/test";
import { E2E_IDLE_URL } from "./env";
import { signIn } from "./support/auth";
import { createCases } from "./support/cases";
import { createStaff } from "./support/staff";

// The second web server (playwright.config.ts) runs with SESSION_IDLE_SECONDS=5.
test.use({ baseURL: E2E_IDLE_URL });

test("a session ends after the idle timeout, and activity keeps it alive", async ({ page }) => {
  // Sign-in plus ~22 s of deliberate waiting: the default 30 s leaves no room on a busy machine.
  test.setTimeout(60_000);
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

test("a case page left open signs out when idle: its presence heartbeat is not activity", async ({ page }) => {
  test.setTimeout(60_000);
  const who = await createStaff({ role: "AGENT" });
  const { cases } = await createCases([{ status: "IN_REVIEW", assigneeId: who.id }]);
  const ref = cases[0].ref;
  await signIn(page, who);

  const beats: number[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && r.headers()["next-action"] && new URL(r.url()).pathname === `/cases/${ref}`) beats.push(Date.now());
  });
  await page.goto(`/cases/${ref}`);
  await expect(page.getByRole("heading", { level: 1, name: `Case ${ref}` })).toBeVisible();

  // Nobody touches the page, but it heartbeats twice a second (it beats whenever it becomes
  // visible: simulated here, since the real 15 s interval is longer than this server's idle limit).
  // Were heartbeats activity, the session would outlive the 15 s of this loop.
  const until = Date.now() + 15_000;
  while (!page.url().includes("/sign-in") && Date.now() < until) {
    await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange"))).catch(() => undefined);
    await page.waitForTimeout(500);
  }
  // The first heartbeat after the session ended took the page to sign-in (no spinner, no photos).
  await expect(page).toHaveURL(/\/sign-in\?ended=idle$/, { timeout: 3_000 });
  await expect(page.getByText("You were signed out after a period without activity.")).toBeVisible();
  expect(beats.length).toBeGreaterThanOrEqual(3);
});
