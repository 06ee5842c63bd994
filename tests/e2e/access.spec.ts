import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIResponse } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { asDemo, signIn } from "./support/auth";
import { stateFile } from "./support/state";

// Every page and every cookie-authenticated route handler, found on disk (not a hand-kept list),
// must refuse a visitor without a valid session: pages redirect to sign-in, route handlers answer
// 401/403 (or redirect there) — never content. A new page or route is covered without edits.

// Public by design: proxy.ts PUBLIC_PAGES (sign-in, invite links)…
const PUBLIC_PAGES = [/^\/sign-in(\/|$)/, /^\/invite\//];
// …and route handlers that take no session cookie: /api/v1 (Bearer only), the inbound email
// webhooks and /api/health (lib/http/origin.ts isCookielessPath), and Auth.js's own endpoints.
const NOT_SESSION_ROUTES = [/^\/api\/v1\//, /^\/api\/inbound\//, /^\/api\/health$/, /^\/api\/auth\//];

// Plausible values for dynamic segments, for records that do not exist: a missing record must
// still send an anonymous visitor to sign-in, not to a 404 or an error.
const SAMPLES: Record<string, string> = {
  ref: "GH-987654",
  uid: "U0000000000ff",
  id: "00000000-0000-4000-8000-0000000000aa",
  sessionId: "00000000-0000-4000-8000-0000000000bb",
  token: "x".repeat(43),
  nextauth: "session",
};

function walk(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? walk(p, name) : d.name === name ? [p] : [];
  });
}

/** The URL of a page.tsx / route.ts: route groups dropped, dynamic segments filled in. */
function urlOf(file: string): string {
  const segments = path.relative("app", path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
  return (
    "/" +
    segments
      .map((s) => {
        const m = /^\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}$/.exec(s);
        if (!m) return s;
        if (!(m[1] in SAMPLES)) throw new Error(`tests/e2e/access.spec.ts: add a sample value for [${m[1]}] (${file}) to SAMPLES`);
        return encodeURIComponent(SAMPLES[m[1]]);
      })
      .join("/")
  );
}

const METHODS = /export (?:const|let|async function|function) (GET|HEAD|POST|PUT|PATCH|DELETE)\b|export (?:const )?\{([^}]*)\}/g;
function methodsOf(file: string): string[] {
  const found = new Set<string>();
  for (const m of fs.readFileSync(file, "utf8").matchAll(METHODS)) {
    if (m[1]) found.add(m[1]);
    for (const part of m[2]?.split(",") ?? []) {
      const name = part.split(/\s+as\s+/).pop()!.trim();
      if (/^(GET|HEAD|POST|PUT|PATCH|DELETE)$/.test(name)) found.add(name);
    }
  }
  return [...found];
}

const PAGES = walk("app", "page.tsx").map(urlOf).filter((u) => !PUBLIC_PAGES.some((re) => re.test(u))).sort();
const SESSION_ROUTES = walk("app", "route.ts")
  .map((f) => ({ url: urlOf(f), methods: methodsOf(f) }))
  .filter((r) => !NOT_SESSION_ROUTES.some((re) => re.test(r.url)))
  .sort((a, b) => a.url.localeCompare(b.url));

const FORGED = { name: "gatehouse.session", value: "forged.jwt.value", url: E2E_BASE_URL };
const SIGN_IN = /\/sign-in(\?.*)?$/;

/** A refusal: 401/403 with an error body, or a redirect to sign-in. Never 2xx, never data. */
async function expectRefused(res: APIResponse, what: string): Promise<void> {
  const status = res.status();
  if (status >= 300 && status < 400) {
    expect(res.headers()["location"], what).toMatch(SIGN_IN);
    return;
  }
  expect([401, 403], `${what}: ${status} ${(await res.text()).slice(0, 200)}`).toContain(status);
  expect(["UNAUTHENTICATED", "FORBIDDEN"], what).toContain((await res.json()).error.code);
}

test.describe("access without a session", () => {
  test("every page and session route is found on disk", () => {
    expect(PAGES).toEqual(expect.arrayContaining(["/", "/queue", "/account", "/admin/staff/new", `/cases/${SAMPLES.ref}`, `/cases/${SAMPLES.ref}/report`]));
    expect(SESSION_ROUTES.map((r) => r.url)).toEqual(expect.arrayContaining(["/audit/download", `/api/console/documents/${SAMPLES.id}/image`]));
    expect(SESSION_ROUTES.every((r) => r.methods.length > 0)).toBe(true);
  });

  for (const url of PAGES) {
    test(`GET ${url} redirects to sign-in`, async ({ request }) => {
      const res = await request.get(url, { maxRedirects: 0 });
      expect(res.status()).toBe(303);
      expect(res.headers()["location"]).toMatch(/\/sign-in(\?next=.*)?$/);
    });

    test(`GET ${url} with a forged session cookie ends at sign-in`, async ({ browser }) => {
      const ctx = await browser.newContext();
      await ctx.addCookies([FORGED]);
      const page = await ctx.newPage();
      const res = await page.goto(url);
      await expect(page).toHaveURL(SIGN_IN);
      expect(res?.status() ?? 200, "the page must redirect, not fail").toBeLessThan(400);
      await ctx.close();
    });
  }

  for (const { url, methods } of SESSION_ROUTES) {
    for (const method of methods) {
      test(`${method} ${url} refuses a visitor without a session, with or without a forged cookie`, async ({ playwright }) => {
        // Sent as the console itself would, so only the missing session can refuse it.
        const headers = { "sec-fetch-site": "same-origin", ...(method === "GET" || method === "HEAD" ? {} : { origin: E2E_BASE_URL }) };
        for (const cookie of [undefined, `${FORGED.name}=${FORGED.value}`]) {
          const ctx = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
          const res = await ctx.fetch(url, { method, maxRedirects: 0, headers: { ...headers, ...(cookie ? { cookie } : {}) } });
          await expectRefused(res, `${method} ${url} ${cookie ? "forged cookie" : "no cookie"}`);
          await ctx.dispose();
        }
      });
    }
  }

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
