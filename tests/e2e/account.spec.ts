import { expect, test } from "@playwright/test";
import { resetSignInIpLimit } from "./support/admin";
import { signIn } from "./support/auth";
import { auditActions, createStaff, totpCode } from "./support/staff";

// The signed-in member's own account page: API tokens, recovery codes and their sessions. Each
// test signs in a fresh member (a fresh sign-in counts as stepped up for token creation).

test.describe("your account", () => {
  // Every browser signs in from 127.0.0.1: start from an empty per-IP failure window (see the helper).
  test.beforeAll(resetSignInIpLimit);

  test("an API token is shown once, works against the API, and stops working when revoked", async ({ page, request }) => {
    const who = await createStaff({ role: "SUPERVISOR" });
    await signIn(page, who);
    await page.goto("/account");
    const tokens = page.getByRole("region", { name: "API tokens" });
    await expect(tokens.getByText("You have no API tokens.")).toBeVisible();

    const create = tokens.getByRole("form", { name: "Create a token" });
    await create.getByLabel("Name").fill("nightly export script");
    await expect(create.getByLabel("Role")).toHaveValue("SUPERVISOR");
    await create.getByRole("button", { name: "Create token" }).click();

    const notice = tokens.getByRole("region", { name: "Copy your new token now" });
    await expect(notice).toBeVisible();
    const token = await notice.getByRole("textbox", { name: "New API token" }).inputValue();
    expect(token).toMatch(/^gh_pat_[A-Za-z0-9_-]{43}$/);
    const row = tokens.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "nightly export script" }) });
    await expect(row).toContainText(`${token.slice(0, 14)}…`);
    await expect(row).toContainText("Active");

    // The API answers as this member.
    const me = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status()).toBe(200);
    const body = await me.json();
    expect(body.staff.email).toBe(who.email);
    expect(body.token.name).toBe("nightly export script");

    // Shown once: after "I have stored it" (and a reload) the value is nowhere on the page.
    await notice.getByRole("button", { name: "I have stored it" }).click();
    await expect(notice).toHaveCount(0);
    await page.reload();
    await expect(tokens.getByRole("region", { name: "Copy your new token now" })).toHaveCount(0);
    expect(await page.content()).not.toContain(token);
    await expect(row).toContainText("Active");

    await row.getByRole("button", { name: "Revoke", exact: true }).click();
    await row.getByRole("button", { name: "Yes, revoke" }).click();
    await expect(tokens.getByRole("status")).toHaveText("“nightly export script” is revoked: it stops working now.");
    await expect(row).toContainText("Revoked");
    await expect(row.getByRole("button", { name: "Revoke", exact: true })).toHaveCount(0);

    const after = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
    expect(after.status()).toBe(401);
    const refused = await after.json();
    expect(refused.error.message).toMatch(/revoked/i);
    expect(await auditActions(body.token.id)).toEqual(expect.arrayContaining(["api_token.created", "api_token.used", "api_token.revoked", "api_token.refused"]));
  });

  test("new recovery codes need a current authenticator code; ten are shown, and they sign in", async ({ page, browser }) => {
    const who = await createStaff({ role: "AGENT" });
    await signIn(page, who);
    await page.goto("/account");
    const section = page.getByRole("region", { name: "Recovery codes" });
    const form = section.getByRole("form", { name: "Regenerate recovery codes" });

    await form.getByLabel("Current authenticator code").fill("000000");
    await form.getByRole("button", { name: "Generate new codes" }).click();
    await expect(form.getByRole("alert")).toContainText(/not right/i);
    await expect(section.getByRole("list", { name: "New recovery codes" })).toHaveCount(0);

    await form.getByLabel("Current authenticator code").fill(await totpCode(who.secret!));
    await form.getByRole("button", { name: "Generate new codes" }).click();
    const items = section.getByRole("list", { name: "New recovery codes" }).getByRole("listitem");
    await expect(items).toHaveCount(10);
    const codes = await items.allInnerTexts();
    expect(new Set(codes).size).toBe(10);

    // One of them is a working second factor.
    const other = await browser.newContext();
    const p = await other.newPage();
    await p.goto("/sign-in");
    await p.getByLabel("Work email").fill(who.email);
    await p.getByLabel("Password").fill(who.password);
    await p.getByRole("button", { name: "Continue", exact: true }).click();
    await expect(p).toHaveURL(/\/sign-in\/verify/);
    await p.getByLabel("Authentication code").fill(codes[3]);
    await p.getByRole("button", { name: "Verify" }).click();
    await expect(p).toHaveURL(/\/account\?recovery_left=9$/);
    await other.close();
  });

  test("the sessions list shows this session; signing out everywhere signs this browser out", async ({ page }) => {
    const who = await createStaff({ role: "AUDITOR" });
    await signIn(page, who);
    await page.goto("/account");
    const sessions = page.getByRole("region", { name: /^Active sessions/ });
    await expect(sessions.getByRole("heading", { name: "Active sessions (1)" })).toBeVisible();
    const current = sessions.getByRole("row").filter({ hasText: "This session" });
    await expect(current).toHaveCount(1);
    await expect(current).toHaveAttribute("aria-current", "true");
    await expect(current).toContainText("Password");

    await sessions.getByRole("button", { name: "Sign out everywhere" }).click();
    await sessions.getByRole("button", { name: "Yes, sign out everywhere" }).click();
    await expect(page).toHaveURL(/\/sign-in\?ended=signed_out$/);
    await expect(page.getByText("You are signed out.")).toBeVisible();
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in/);
    expect(await auditActions(who.id)).toContain("auth.sessions_revoked");
  });
});
