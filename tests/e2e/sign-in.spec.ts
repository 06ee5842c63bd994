import { expect, test } from "@playwright/test";
import { asDemo, signIn } from "./support/auth";
import { watchConsoleErrors } from "./support/console-errors";
import { auditActions, createStaff, staffRow, totpCode } from "./support/staff";

test.describe("staff sign-in with password and TOTP", () => {
  test("a demo agent signs in with password + code, sees their name, and signs out", async ({ page }, testInfo) => {
    const consoleErrors = watchConsoleErrors(page);
    await page.goto("/queue");
    // No session: the console sends the visitor to sign-in, remembering where they were going.
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fqueue$/);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in to Gatehouse" })).toBeVisible();
    const form = page.getByRole("form", { name: "Staff sign-in" });
    await expect(form.getByLabel("Work email")).toHaveAttribute("autocomplete", "username");
    await expect(form.getByLabel("Password")).toHaveAttribute("autocomplete", "current-password");
    await page.screenshot({ path: testInfo.outputPath("sign-in.png"), fullPage: true });

    await signIn(page, asDemo("agent1@gatehouse.test"));
    await expect(page.getByTestId("signed-in-name")).toHaveText("Avery Quinn");
    // Agents see the dashboard, the queue, inbound email and accounts; not the audit trail or admin.
    const nav = page.getByRole("navigation", { name: "Console" });
    await expect(nav.getByRole("link")).toHaveCount(4);

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in\?ended=signed_out$/);
    await expect(page.getByText("You are signed out.")).toBeVisible();
    await page.goto("/queue");
    await expect(page).toHaveURL(/\/sign-in/);
    expect(consoleErrors()).toEqual([]);
  });

  test("a wrong code is refused, and the same code cannot be used twice", async ({ page, browser }) => {
    const who = await createStaff({ role: "AGENT" });
    await page.goto("/sign-in");
    const form = page.getByRole("form", { name: "Staff sign-in" });
    await form.getByLabel("Work email").fill(who.email);
    await form.getByLabel("Password").fill(who.password);
    await form.getByRole("button", { name: "Continue", exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in\/verify/);
    await page.getByLabel("Authentication code").fill("000000");
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("That code is not right");
    const code = await totpCode(who.secret!);
    await page.getByLabel("Authentication code").fill(code);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(/\/queue$/);

    // A second browser replays the code that was just used: refused.
    const other = await browser.newContext();
    const p2 = await other.newPage();
    await p2.goto("/sign-in");
    await p2.getByLabel("Work email").fill(who.email);
    await p2.getByLabel("Password").fill(who.password);
    await p2.getByRole("button", { name: "Continue", exact: true }).click();
    await p2.getByLabel("Authentication code").fill(code);
    await p2.getByRole("button", { name: "Verify" }).click();
    await expect(p2.getByRole("main").getByRole("alert")).toContainText("That code is not right");
    await other.close();
  });

  test("five wrong passwords lock the account, even for the right password; the lockout is audited", async ({ page }) => {
    const who = await createStaff({ role: "AGENT" });
    const form = page.getByRole("form", { name: "Staff sign-in" });
    await page.goto("/sign-in");
    const submit = form.getByRole("button", { name: "Continue", exact: true });
    for (let i = 1; i <= 5; i++) {
      await form.getByLabel("Work email").fill(who.email);
      await form.getByLabel("Password").fill(`wrong-password-${i}`);
      // Each attempt's answer arrives before the next one is typed (the form resets after it).
      await Promise.all([page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/sign-in")), submit.click()]);
      await expect(submit).toBeEnabled();
      await expect(page.getByRole("main").getByRole("alert")).toContainText(i < 5 ? "Email or password is wrong." : "locked");
    }
    await form.getByLabel("Work email").fill(who.email);
    await form.getByLabel("Password").fill(who.password);
    // The alert already says "locked" from the fifth try: wait for this attempt's own answer.
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/sign-in")), submit.click()]);
    await expect(submit).toBeEnabled();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("locked after too many failed attempts");
    await expect(page).toHaveURL(/\/sign-in$/);

    const row = await staffRow(who.id);
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const actions = await auditActions(who.id);
    expect(actions.filter((a) => a === "auth.sign_in_failed")).toHaveLength(6);
    expect(actions).toContain("auth.locked_out");
  });

  test("first sign-in enrols an authenticator; recovery codes are shown once and work once", async ({ page }) => {
    const who = await createStaff({ role: "AGENT", enrolled: false });
    await page.goto("/sign-in");
    await page.getByLabel("Work email").fill(who.email);
    await page.getByLabel("Password").fill(who.password);
    await page.getByRole("button", { name: "Continue", exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in\/enrol/);
    await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
    // The app would scan the QR code; the test reads the same key from the page.
    const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // Not enrolled yet: the console stays closed.
    await page.goto("/queue");
    await expect(page).toHaveURL(/\/sign-in\/enrol/);

    await page.getByLabel("Authentication code").fill(await totpCode(secret));
    await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
    const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
    await expect(codes).toHaveCount(10);
    const recovery = await codes.first().innerText();
    await page.getByLabel("I have saved these codes").check();
    await page.getByRole("link", { name: "Continue to Gatehouse" }).click();
    await expect(page).toHaveURL(/\/queue$/);

    // Sign out, sign in again with a recovery code instead of the app.
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    for (const attempt of ["first", "replayed"] as const) {
      await page.goto("/sign-in");
      await page.getByLabel("Work email").fill(who.email);
      await page.getByLabel("Password").fill(who.password);
      await page.getByRole("button", { name: "Continue", exact: true }).click();
      await expect(page).toHaveURL(/\/sign-in\/verify/);
      await page.getByLabel("Authentication code").fill(recovery.toUpperCase());
      await page.getByRole("button", { name: "Verify" }).click();
      if (attempt === "first") {
        await expect(page).toHaveURL(/\/account/);
        await page.getByRole("button", { name: "Sign out", exact: true }).click();
      } else {
        await expect(page.getByRole("main").getByRole("alert")).toContainText("That code is not right");
      }
    }
  });

  test("signing out everywhere ends the sessions in every browser", async ({ browser }) => {
    const who = await createStaff({ role: "SUPERVISOR" });
    const a = await browser.newContext();
    const b = await browser.newContext();
    const pa = await a.newPage();
    const pb = await b.newPage();
    await signIn(pa, who);
    await signIn(pb, who);

    await pa.goto("/account");
    await pa.getByRole("button", { name: "Sign out everywhere" }).click();
    await pa.getByRole("button", { name: "Yes, sign out everywhere" }).click();
    await expect(pa).toHaveURL(/\/sign-in/);
    await pb.goto("/queue");
    await expect(pb).toHaveURL(/\/sign-in\?ended=(superseded|revoked)/);
    await expect(pb.getByText(/Sign in again/)).toBeVisible();
    expect(await auditActions(who.id)).toContain("auth.sessions_revoked");
    await a.close();
    await b.close();
  });
});
