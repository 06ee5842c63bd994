import { expect, type Page } from "@playwright/test";
import { demoTotpSecret } from "../../../prisma/seed/demo-staff";
import { totpCode, type TestStaff } from "./staff";

/** The next usable authenticator code of a demo staff member (see support/staff.ts on steps). */
export function demoTotpCode(email: string): Promise<string> {
  return totpCode(demoTotpSecret(email));
}

/** Password, then code; ends on the queue (or `landing`). */
export async function signIn(page: Page, who: { email: string; password: string; secret: string | null }, landing: RegExp = /\/queue$/): Promise<void> {
  await page.goto("/sign-in");
  const form = page.getByRole("form", { name: "Staff sign-in" });
  await form.getByLabel("Work email").fill(who.email);
  await form.getByLabel("Password").fill(who.password);
  await form.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in\/verify/);
  if (!who.secret) throw new Error("this staff member has no TOTP secret");
  await page.getByRole("textbox", { name: "Authentication code" }).fill(await totpCode(who.secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(landing);
}

export function asDemo(email: string): { email: string; password: string; secret: string } {
  return { email, password: "gatehouse-demo", secret: demoTotpSecret(email) };
}

export type { TestStaff };
