import { expect, test, type Page } from "@playwright/test";
import { demoStaff } from "../../prisma/seed/demo-staff";
import { oidcLoginUi } from "../support/oidc-server";
import { OIDC_ISSUER, OIDC_NAME, oidcAccounts, type OidcLogin } from "./oidc-env";
import { demoTotpCode } from "./support/auth";

// Single sign-on against a real OpenID provider (oidc-provider, started by global-setup.ts on
// OIDC_PORT): Auth.js discovers it over http, sends the browser there with state, nonce and PKCE,
// and matches the ID token's verified email to a staff member. SSO is only the first factor: the
// authenticator code is still asked for. Refusals land back on the sign-in page with no session.

const agent1 = demoStaff.find((s) => s.key === "agent1")!;
const SESSION_COOKIES = ["gatehouse.session", "__Host-gatehouse.session"];

const atProvider = (url: URL) => url.origin === OIDC_ISSUER && url.pathname.startsWith("/interaction/");
const atVerify = (url: URL) => url.pathname === "/sign-in/verify";
const atQueue = (url: URL) => url.pathname === "/queue";
const atSignIn = (url: URL) => url.pathname === "/sign-in";

/** From Gatehouse's sign-in page, through the provider's login form, back to Gatehouse. */
async function signInWithSso(page: Page, login: OidcLogin): Promise<void> {
  // Wait for hydration: the button submits a server action that answers with a redirect to the
  // provider, which the client router follows. A native (pre-hydration) form post would end in
  // a 303 to another origin, which the page's CSP (form-action 'self') blocks.
  await page.goto("/sign-in", { waitUntil: "networkidle" });
  await page.getByRole("button", { name: `Continue with ${OIDC_NAME}` }).click();

  await expect(page).toHaveURL(atProvider, { timeout: 15_000 }); // Auth.js fetches discovery first
  await expect(page.getByRole("heading", { name: oidcLoginUi.heading })).toBeVisible();
  await page.getByLabel(oidcLoginUi.usernameLabel).fill(login);
  await page.getByRole("button", { name: oidcLoginUi.submitButton, exact: true }).click();
}

/** The second factor. demoTotpCode hands out a step no earlier test has used (it may wait for one). */
async function passTotp(page: Page, email: string): Promise<void> {
  const main = page.getByRole("main");
  // By role: the verify form itself is also labelled "Authentication code", so getByLabel finds two.
  await main.getByRole("textbox", { name: "Authentication code" }).fill(await demoTotpCode(email));
  await main.getByRole("button", { name: "Verify" }).click();
}

async function expectNoSession(page: Page): Promise<void> {
  const names = (await page.context().cookies()).map((c) => c.name);
  expect(names.filter((n) => SESSION_COOKIES.includes(n))).toEqual([]);
  await page.goto("/queue");
  await expect(page).toHaveURL(atSignIn);
}

test.describe("single sign-on (OpenID Connect)", () => {
  test("a staff member signs in through the provider, then with their authenticator code", async ({ page }) => {
    test.setTimeout(90_000); // demoTotpCode may wait for a fresh 30-second step
    await signInWithSso(page, "agent1");

    // Back at Gatehouse with a half-finished session: SSO is the first factor only.
    await expect(page).toHaveURL(atVerify, { timeout: 15_000 }); // code exchange, then the session
    await page.goto("/queue");
    await expect(page).toHaveURL(atVerify);

    await passTotp(page, oidcAccounts.agent1.email);
    await expect(page).toHaveURL(atQueue, { timeout: 15_000 });
    // Gatehouse's own staff record, matched by email; not the provider's display name.
    await expect(page.getByRole("banner").getByText(agent1.name, { exact: true })).toBeVisible();
    await expect(page.getByRole("banner")).not.toContainText(oidcAccounts.agent1.name);
  });

  test("an identity whose email is not a staff member is refused", async ({ page }) => {
    await signInWithSso(page, "stranger");

    await expect(page).toHaveURL((url) => atSignIn(url) && url.searchParams.get("error") === "oidc_not_staff", { timeout: 15_000 });
    await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
    await expectNoSession(page);
  });

  test("a staff email the provider has not verified (email_verified=false) is refused", async ({ page }) => {
    await signInWithSso(page, "agent1-unverified");

    await expect(page).toHaveURL((url) => atSignIn(url) && url.searchParams.get("error") === "oidc_email_unverified", { timeout: 15_000 });
    await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
    await expectNoSession(page);
  });
});
