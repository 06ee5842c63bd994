import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { signIn } from "./support/auth";
import { clearStepUp, resetSignInIpLimit, confirmStepUpWithCode, fact, lockOut, signedIn, staffListRow, staffStatusByEmail, submitPassword } from "./support/admin";
import { auditActions, createStaff, staffRow, totpCode } from "./support/staff";
import { stateFile } from "./support/state";

// Staff administration as administrators and the people they manage rely on it. Anything that
// needs step-up runs as a freshly created administrator (a fresh sign-in counts as stepped up),
// so the shared demo admin session is never changed.

/** Opens a member's detail page and waits for their name as the page heading. */
async function openMember(page: Page, who: { id: string; name: string }): Promise<void> {
  await page.goto(`/admin/staff/${who.id}`);
  await expect(page.getByRole("heading", { level: 1, name: who.name })).toBeVisible();
}

test.describe("staff administration", () => {
  // This spec spends several wrong passwords from 127.0.0.1; start from an empty per-IP window.
  test.beforeAll(resetSignInIpLimit);

  test("an admin invites a new member, who sets a password, enrols an authenticator and reaches the queue", async ({ page, browser }) => {
    const admin = await createStaff({ role: "ADMIN" });
    await signIn(page, admin);

    await page.goto("/admin");
    await page.getByRole("link", { name: "New staff member" }).click();
    await expect(page).toHaveURL(/\/admin\/staff\/new$/);
    const suffix = randomUUID().slice(0, 8);
    const invitee = { email: `invitee-${suffix}@e2e.test`, name: `Invited Person ${suffix}`, password: "a long invitee passphrase 42" };
    const form = page.getByRole("form", { name: "New staff member" });
    await form.getByLabel("Work email").fill(invitee.email);
    await form.getByLabel("Full name").fill(invitee.name);
    await form.getByLabel("Role", { exact: true }).selectOption({ label: "Agent" });
    await form.getByRole("button", { name: "Create and get invite link" }).click();

    // The one-time link, shown now.
    const notice = page.getByRole("region", { name: `Invite link for ${invitee.name}` });
    await expect(notice).toBeVisible();
    const inviteUrl = await notice.getByRole("textbox", { name: "Invite link", exact: true }).inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${E2E_BASE_URL}/invite/[A-Za-z0-9_-]{43}$`));
    const token = inviteUrl.split("/").pop()!;

    // … and never again: not on the member's page, not in the list (nor in their RSC payload).
    await page.getByRole("link", { name: `View ${invitee.name}` }).click();
    await expect(page.getByRole("heading", { level: 1, name: invitee.name })).toBeVisible();
    await expect(page.getByText("Invited", { exact: true }).first()).toBeVisible();
    await expect(fact(page, "Invite expires")).toBeVisible();
    expect(await page.content()).not.toContain(token);
    await page.goto("/admin");
    await expect(staffListRow(page, invitee.email)).toContainText("Invited");
    expect(await page.content()).not.toContain(token);

    // The invitee, in a browser of their own.
    const theirs = await browser.newContext();
    const p = await theirs.newPage();
    await p.goto(new URL(inviteUrl).pathname);
    await expect(p.getByRole("heading", { level: 1, name: `Welcome to Gatehouse, ${invitee.name}` })).toBeVisible();
    const setPassword = p.getByRole("form", { name: "Set your password" });
    await setPassword.getByLabel("New password").fill(invitee.password);
    await setPassword.getByLabel("Repeat the password").fill(`${invitee.password} typo`);
    await setPassword.getByRole("button", { name: "Set password" }).click();
    await expect(p.getByRole("main").getByRole("alert")).toContainText("The two passwords do not match.");
    // Refused: the member is still only invited.
    expect(await staffStatusByEmail(invitee.email)).toBe("INVITED");

    await setPassword.getByLabel("New password").fill(invitee.password);
    await setPassword.getByLabel("Repeat the password").fill(invitee.password);
    await setPassword.getByRole("button", { name: "Set password" }).click();
    await expect(p.getByRole("main").getByRole("status")).toContainText(`Your password is set. Sign in with ${invitee.email}`);
    await p.getByRole("main").getByRole("link", { name: "Sign in" }).click();
    await expect(p).toHaveURL(/\/sign-in$/);

    const signInForm = p.getByRole("form", { name: "Staff sign-in" });
    await signInForm.getByLabel("Work email").fill(invitee.email);
    await signInForm.getByLabel("Password").fill(invitee.password);
    await signInForm.getByRole("button", { name: "Continue", exact: true }).click();
    await expect(p).toHaveURL(/\/sign-in\/enrol/);
    await expect(p.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
    const secret = (await p.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await p.getByLabel("Authentication code").fill(await totpCode(secret));
    await p.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
    await expect(p.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
    await p.getByLabel("I have saved these codes").check();
    await p.getByRole("link", { name: "Continue to Gatehouse" }).click();
    await expect(p).toHaveURL(/\/queue$/);
    await expect(p.getByTestId("signed-in-name")).toHaveText(invitee.name);

    // The link worked once.
    const again = await browser.newContext();
    const p2 = await again.newPage();
    await p2.goto(new URL(inviteUrl).pathname);
    await expect(p2.getByRole("heading", { level: 1, name: "Invite link not usable" })).toBeVisible();
    await expect(p2.getByRole("form", { name: "Set your password" })).toHaveCount(0);

    // The admin now sees an active member with MFA on.
    await page.reload();
    await expect(staffListRow(page, invitee.email)).toContainText("Active");
    await expect(staffListRow(page, invitee.email)).toContainText("MFA on");
    await theirs.close();
    await again.close();
  });

  test("a member locked out by wrong passwords shows as locked; the admin unlocks after step-up and the member signs in", async ({ page, browser }) => {
    const admin = await createStaff({ role: "ADMIN" });
    const member = await createStaff({ role: "AGENT" });
    const attacker = await browser.newContext();
    await lockOut(await attacker.newPage(), member.email);
    await attacker.close();

    await signIn(page, admin);
    await page.goto("/admin");
    await page.getByLabel("Search staff").fill(member.email);
    await expect(page.getByText(/^1 of \d+ staff members$/)).toBeVisible();
    const row = staffListRow(page, member.email);
    await expect(row.getByText("Locked", { exact: true })).toBeVisible();
    // Columns: Name, Role, Status, MFA, Sessions, Failed sign-ins, Last active.
    await expect(row.getByRole("cell").nth(5)).toHaveText("5");

    await row.getByRole("link", { name: member.name }).click();
    await expect(page.getByRole("heading", { level: 1, name: member.name })).toBeVisible();
    await expect(page.getByText("Locked", { exact: true })).toBeVisible();
    await expect(fact(page, "Failed sign-ins")).toHaveText("5");
    await expect(fact(page, "Locked until")).not.toHaveText("Not locked");
    await expect(fact(page, "Locked until")).toContainText("UTC");
    const activity = page.getByRole("region", { name: "Recent sign-in activity" });
    await expect(activity.getByRole("row").filter({ hasText: "Sign-in failed" }).filter({ hasText: "wrong password" })).toHaveCount(5);
    await expect(activity.getByRole("row").filter({ hasText: "Locked out" })).toHaveCount(1);

    // The admin's confirmation is older than the step-up window: the action asks for a code first.
    expect(await clearStepUp(admin.id)).toBeGreaterThan(0);
    const manage = page.getByRole("region", { name: "Manage" });
    await manage.getByRole("button", { name: "Unlock", exact: true }).click();
    await confirmStepUpWithCode(page, await totpCode(admin.secret!));
    await expect(manage.getByRole("status")).toHaveText("Unlocked. The failed sign-in count starts again from zero.");
    await expect(manage.getByRole("button", { name: "Unlock", exact: true })).toHaveCount(0);
    await expect(fact(page, "Locked until")).toHaveText("Not locked");
    await expect(fact(page, "Failed sign-ins")).toHaveText("0");
    expect(await auditActions(admin.id)).toContain("auth.step_up");
    expect(await auditActions(member.id)).toContain("staff.unlocked");

    // The member gets in again, with the right password and a code.
    const theirs = await signedIn(browser, member);
    await expect(theirs.page.getByTestId("signed-in-name")).toHaveText(member.name);
    await theirs.context.close();
  });

  test("changing a member's role ends their sessions; disabling ends them and keeps the member out", async ({ page, browser }) => {
    const admin = await createStaff({ role: "ADMIN" });
    const member = await createStaff({ role: "AGENT" });
    const b = await signedIn(browser, member);
    await signIn(page, admin);
    await openMember(page, member);
    await expect(page.getByRole("heading", { name: "Active sessions (1)" })).toBeVisible();

    const manage = page.getByRole("region", { name: "Manage" });
    await manage.getByLabel("Role", { exact: true }).selectOption({ label: "Supervisor" });
    await manage.getByRole("button", { name: "Change role", exact: true }).click();
    await manage.getByRole("group", { name: `Make ${member.name} Supervisor? Their sessions end.` }).getByRole("button", { name: "Yes, change role" }).click();
    await expect(manage.getByRole("status")).toHaveText("Role changed to Supervisor; 1 session ended, 0 API token(s) revoked.");
    await expect(page.getByRole("heading", { name: "Active sessions (0)" })).toBeVisible();
    expect((await staffRow(member.id)).role).toBe("SUPERVISOR");

    // The member's browser is signed out at its next request.
    await b.page.goto("/queue");
    await expect(b.page).toHaveURL(/\/sign-in\?ended=(revoked|superseded)$/);
    await expect(b.page.getByText(/Sign in again/)).toBeVisible();
    // Signing in again gives the new role (supervisors see the staff list).
    await signIn(b.page, member);
    await expect(b.page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: /^Admin\b/ })).toBeVisible();

    // Disabling: the new session ends too …
    await page.reload();
    await expect(page.getByRole("heading", { name: "Active sessions (1)" })).toBeVisible();
    await manage.getByRole("button", { name: "Disable", exact: true }).click();
    await manage.getByRole("button", { name: "Yes, disable" }).click();
    await expect(manage.getByRole("status")).toHaveText("Disabled; 1 session ended.");
    await expect(manage.getByRole("button", { name: "Enable", exact: true })).toBeVisible();
    await expect(fact(page, "Disabled")).toContainText("UTC");
    await b.page.goto("/queue");
    await expect(b.page).toHaveURL(/\/sign-in\?ended=(revoked|superseded|disabled)$/);

    // … and the right password no longer gets them in.
    await submitPassword(b.page, member);
    await expect(b.page.getByRole("main").getByRole("alert")).toContainText("This staff account is disabled.");
    await expect(b.page).toHaveURL(/\/sign-in$/);
    expect((await staffRow(member.id)).status).toBe("DISABLED");
    await b.context.close();
  });

  test("an admin revokes one of a member's sessions: that browser is signed out, the other is not", async ({ page, browser }) => {
    const admin = await createStaff({ role: "ADMIN" });
    const member = await createStaff({ role: "AGENT" });
    const laptop = await signedIn(browser, member, { userAgent: "E2E-Lost-Laptop/1.0" });
    const desk = await signedIn(browser, member, { userAgent: "E2E-Desk-Browser/1.0" });
    await signIn(page, admin);
    await openMember(page, member);

    const sessions = page.getByRole("region", { name: /^Active sessions/ });
    await expect(page.getByRole("heading", { name: "Active sessions (2)" })).toBeVisible();
    const lost = sessions.getByRole("row").filter({ hasText: "E2E-Lost-Laptop/1.0" });
    await lost.getByRole("button", { name: "Revoke", exact: true }).click();
    await lost.getByRole("button", { name: "Yes, revoke" }).click();
    await expect(sessions.getByRole("status")).toHaveText("Session revoked.");
    await expect(page.getByRole("heading", { name: "Active sessions (1)" })).toBeVisible();
    await expect(sessions.getByRole("row").filter({ hasText: "E2E-Lost-Laptop/1.0" })).toHaveCount(0);
    await expect(sessions.getByRole("row").filter({ hasText: "E2E-Desk-Browser/1.0" })).toHaveCount(1);

    await laptop.page.goto("/queue");
    await expect(laptop.page).toHaveURL(/\/sign-in\?ended=revoked$/);
    await desk.page.goto("/queue");
    await expect(desk.page).toHaveURL(/\/queue$/);
    await expect(desk.page.getByTestId("signed-in-name")).toHaveText(member.name);
    await laptop.context.close();
    await desk.context.close();
  });
});

test.describe("who may open staff administration", () => {
  test("an agent and an auditor are told their role cannot open /admin", async ({ browser }) => {
    const agent = await signedIn(browser, await createStaff({ role: "AGENT" }));
    const auditorContext = await browser.newContext({ storageState: stateFile("auditor") });
    const auditor = await auditorContext.newPage();
    const someone = await createStaff({ role: "AGENT" });

    for (const p of [agent.page, auditor]) {
      for (const path of ["/admin", `/admin/staff/${someone.id}`, "/admin/staff/new"]) {
        await p.goto(path);
        await expect(p.getByRole("heading", { name: "Your role cannot open this page" }), path).toBeVisible();
        await expect(p.getByRole("table"), path).toHaveCount(0);
        await expect(p.getByText(someone.email), path).toHaveCount(0);
      }
    }
    await agent.context.close();
    await auditorContext.close();
  });

  test.describe("as a supervisor", () => {
    test.use({ storageState: stateFile("supervisor") });

    test("a supervisor sees the staff list and a member's sessions, without any management control", async ({ page, browser }) => {
      const member = await createStaff({ role: "AGENT" });
      const theirs = await signedIn(browser, member);

      await page.goto("/admin");
      await expect(page.getByRole("heading", { level: 1, name: "Staff" })).toBeVisible();
      await expect(staffListRow(page, member.email)).toBeVisible();
      await expect(page.getByRole("heading", { name: "Your role cannot open this page" })).toHaveCount(0);
      await expect(page.getByRole("link", { name: "New staff member" })).toHaveCount(0);

      await staffListRow(page, member.email).getByRole("link", { name: member.name }).click();
      await expect(page.getByRole("heading", { level: 1, name: member.name })).toBeVisible();
      await expect(fact(page, "Email")).toHaveText(member.email);
      // The session is listed (so the missing buttons are not just an empty table) …
      await expect(page.getByRole("heading", { name: "Active sessions (1)" })).toBeVisible();
      await expect(page.getByRole("region", { name: /^Active sessions/ }).getByRole("row")).toHaveCount(2);
      // … but nothing can be changed.
      await expect(page.getByRole("region", { name: "Manage" })).toHaveCount(0);
      await expect(page.getByRole("combobox")).toHaveCount(0);
      for (const name of ["Change role", "Disable", "Enable", "Reset MFA", "Unlock", "Revoke", "Revoke all"]) {
        await expect(page.getByRole("button", { name, exact: true }), name).toHaveCount(0);
      }
      await page.goto("/admin/staff/new");
      await expect(page.getByRole("heading", { name: "Your role cannot open this page" })).toBeVisible();
      await expect(page.getByRole("form", { name: "New staff member" })).toHaveCount(0);
      await theirs.context.close();
    });
  });
});
