import { expect, test } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { asDemo, signIn } from "./support/auth";
import { stateFile } from "./support/state";

// Every console route, signed out: redirected to sign-in (pages) — never content.
const CONSOLE_ROUTES = ["/", "/queue", "/inbound", "/accounts", "/audit", "/admin", "/admin/staff/new", "/account"];

test.describe("access without a session", () => {
  for (const path of CONSOLE_ROUTES) {
    test(`GET ${path} redirects to sign-in`, async ({ request }) => {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status()).toBe(303);
      expect(res.headers()["location"]).toMatch(/\/sign-in(\?next=.*)?$/);
    });
  }

  test("a forged or stale session cookie also ends at sign-in", async ({ browser }) => {
    const ctx = await browser.newContext();
    await ctx.addCookies([{ name: "gatehouse.session", value: "forged.jwt.value", url: E2E_BASE_URL }]);
    const page = await ctx.newPage();
    await page.goto("/queue");
    await expect(page).toHaveURL(/\/sign-in/);
    await ctx.close();
  });

  test("the JSON API refuses callers without a token", async ({ request }) => {
    const res = await request.get("/api/v1/me");
    expect(res.status()).toBe(401);
    expect(res.headers()["cache-control"]).toContain("no-store");
  });
});

test.describe("cross-site request forgery", () => {
  test("state-changing requests from another origin, or with no origin at all, are refused", async ({ request }) => {
    const cases: Record<string, string>[] = [
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { origin: "https://evil.example" },
      { "sec-fetch-site": "same-site" },
      {}, // neither Origin nor Sec-Fetch-Site
      { origin: "null" },
    ];
    for (const headers of cases) {
      for (const path of ["/queue", "/sign-in", "/api/auth/signout"]) {
        const res = await request.post(path, { headers, data: "x=1" });
        expect(res.status(), `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect((await res.json()).error.code).toBe("FORBIDDEN");
      }
    }
  });

  test("a same-origin server action still works (sign-in through the form)", async ({ page }) => {
    await signIn(page, asDemo("agent2@gatehouse.test"));
  });
});

test.describe("roles: auditor", () => {
  test.use({ storageState: stateFile("auditor") });
  test("an auditor sees the audit section but not admin, and is told why", async ({ page }) => {
    await page.goto("/queue");
    const nav = page.getByRole("navigation", { name: "Console" });
    await expect(nav.getByRole("link", { name: /^Audit/ })).toBeVisible();
    await expect(nav.getByRole("link", { name: /^Admin/ })).toHaveCount(0);
    await page.goto("/admin");
    await expect(page.getByRole("heading", { name: "Your role cannot open this page" })).toBeVisible();
  });

});

test.describe("roles: supervisor", () => {
  test.use({ storageState: stateFile("supervisor") });
  test("pages that show personal data are never cached", async ({ page }) => {
    const res = await page.goto("/accounts");
    expect(res?.headers()["cache-control"]).toContain("no-store");
  });
});
