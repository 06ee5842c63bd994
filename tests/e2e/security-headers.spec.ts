import { expect, test } from "@playwright/test";

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

test.describe("security headers from proxy.ts", () => {
  test("a page response carries the CSP, a request id and the hardening headers", async ({ request }) => {
    const res = await request.get("/sign-in");
    expect(res.status()).toBe(200);
    const h = res.headers();

    const csp = h["content-security-policy"];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'(;|$)/);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("upgrade-insecure-requests");

    expect(h["x-request-id"]).toMatch(REQUEST_ID);
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("no-referrer");
    expect(h["permissions-policy"]).toContain("camera=()");
    expect(h["permissions-policy"]).toContain("microphone=()");
    expect(h["permissions-policy"]).toContain("geolocation=()");
    expect(h["cross-origin-opener-policy"]).toBe("same-origin");
    expect(h["strict-transport-security"]).toBeUndefined();
    expect(h["x-powered-by"]).toBeUndefined();

    // Next stamps the request's nonce on its own scripts; a static (nonce-less) page would not hydrate.
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    const html = await res.text();
    expect(html).toContain(`nonce="${nonce}"`);
  });

  test("every response gets a fresh nonce and request id", async ({ request }) => {
    const [a, b] = await Promise.all([request.get("/queue"), request.get("/queue")]);
    expect(a.headers()["x-request-id"]).not.toBe(b.headers()["x-request-id"]);
    expect(a.headers()["content-security-policy"]).not.toBe(b.headers()["content-security-policy"]);
  });

  test("a valid incoming x-request-id is kept, an invalid one replaced", async ({ request }) => {
    const kept = await request.get("/queue", { headers: { "x-request-id": "lb-trace.0042_abc" } });
    expect(kept.headers()["x-request-id"]).toBe("lb-trace.0042_abc");

    for (const bad of ["short", "has space in it", "x".repeat(65), "<script>alert(1)</script>"]) {
      const res = await request.get("/queue", { headers: { "x-request-id": bad } });
      const id = res.headers()["x-request-id"];
      expect(id).not.toBe(bad);
      expect(id).toMatch(REQUEST_ID);
    }
  });

  test("HSTS only when the request arrived over https", async ({ request }) => {
    const res = await request.get("/sign-in", { headers: { "x-forwarded-proto": "https" } });
    expect(res.headers()["strict-transport-security"]).toMatch(/^max-age=\d+/);
    expect(res.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");
  });

  test("static assets and API responses get the headers too", async ({ request, page }) => {
    await page.goto("/sign-in");
    const css = await page.locator('link[rel="stylesheet"]').first().getAttribute("href");
    expect(css).toBeTruthy();
    const asset = await request.get(css!);
    expect(asset.status()).toBe(200);
    expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
    expect(asset.headers()["x-request-id"]).toMatch(REQUEST_ID);

    const api = await request.get("/api/health");
    expect(api.headers()["x-content-type-options"]).toBe("nosniff");
    expect(api.headers()["x-request-id"]).toMatch(REQUEST_ID);
  });
});
