import { expect, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { Redis } from "ioredis";
import { e2eEnv } from "../env";
import { signIn } from "./auth";
import { withClient } from "./db";
import type { TestStaff } from "./staff";

// Helpers for the staff-administration and account specs (admin.spec.ts, account.spec.ts).

/**
 * Forgets the per-IP failed sign-in window (30 failures / 15 min, lib/auth/brute-force.ts). Every
 * browser here signs in from 127.0.0.1 and Redis outlives a run (global setup recreates only the
 * database), so without this a second run within 15 minutes is refused as "too many failed
 * sign-ins from this network". Only the run's own prefix is touched; account windows stay.
 */
export async function resetSignInIpLimit(): Promise<void> {
  // The same Redis as the app under test (lib/config reads REDIS_URL the way the server does).
  const { config } = await import("../../../lib/config");
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${e2eEnv.REDIS_PREFIX}:rl:signin-ip:*`, count: 100 })) keys.push(...(batch as string[]));
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/**
 * Makes every open session of a member "not stepped up", as if the sign-in were more than the
 * step-up window (5 minutes) ago: the next step-up action asks for a fresh confirmation.
 */
export async function clearStepUp(staffId: string): Promise<number> {
  return withClient(async (c) => {
    const res = await c.query(`UPDATE "StaffSession" SET "steppedUpAt" = NULL WHERE "staffUserId" = $1 AND "revokedAt" IS NULL`, [staffId]);
    return res.rowCount ?? 0;
  });
}

/** A member's status (INVITED, ACTIVE, DISABLED) looked up by email; undefined when there is none. */
export async function staffStatusByEmail(email: string): Promise<string | undefined> {
  return withClient(async (c) => (await c.query(`SELECT status FROM "StaffUser" WHERE email = $1`, [email])).rows[0]?.status);
}

/** A new browser context (its own cookies) with `who` signed in; lands on the queue. */
export async function signedIn(browser: Browser, who: TestStaff, opts: { userAgent?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(opts.userAgent ? { userAgent: opts.userAgent } : {});
  const page = await context.newPage();
  await signIn(page, who);
  return { context, page };
}

/**
 * Locks a member out the way an attacker would: five wrong passwords through the sign-in form
 * (SIGN_IN_MAX_FAILURES), each answer awaited before the next try. The fifth says "locked".
 */
export async function lockOut(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  const form = page.getByRole("form", { name: "Staff sign-in" });
  const submit = form.getByRole("button", { name: "Continue", exact: true });
  for (let i = 1; i <= 5; i++) {
    await form.getByLabel("Work email").fill(email);
    await form.getByLabel("Password").fill(`wrong-password-${i}`);
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/sign-in")), submit.click()]);
    await expect(submit).toBeEnabled();
    await expect(page.getByRole("main").getByRole("alert")).toContainText(i < 5 ? "Email or password is wrong." : "locked after too many failed attempts");
  }
}

/** Email + password only; for refusals (the form stays on /sign-in with an alert). */
export async function submitPassword(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto("/sign-in");
  const form = page.getByRole("form", { name: "Staff sign-in" });
  await form.getByLabel("Work email").fill(who.email);
  await form.getByLabel("Password").fill(who.password);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/sign-in")),
    form.getByRole("button", { name: "Continue", exact: true }).click(),
  ]);
}

/** The value shown next to a label in a member's detail facts (<dt>label</dt><dd>value</dd>). */
export function fact(page: Page, label: string): Locator {
  return page.locator(`dt:text-is("${label}") + dd`);
}

/** The staff list's row for a member (found by email). */
export function staffListRow(page: Page, email: string): Locator {
  return page.getByRole("row").filter({ hasText: email });
}

/** The step-up dialog: fills an authenticator code and confirms. */
export async function confirmStepUpWithCode(page: Page, code: string): Promise<void> {
  const dialog = page.getByRole("dialog", { name: "Confirm it is you" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Authentication code").fill(code);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
}
