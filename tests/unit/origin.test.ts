import { describe, expect, it } from "vitest";
import { safeNext } from "@/lib/auth/next-path";
import { checkSameOrigin, isConsoleFetch, isCookielessPath } from "@/lib/http/origin";

const SELF = "https://gatehouse.example";
const h = (init: Record<string, string>) => new Headers(init);

describe("checkSameOrigin (CSRF)", () => {
  it("lets safe methods through whatever their headers", () => {
    for (const m of ["GET", "HEAD", "OPTIONS"]) expect(checkSameOrigin(m, h({ origin: "https://evil.example" }), SELF).ok).toBe(true);
  });

  it("accepts a POST from our own origin", () => {
    expect(checkSameOrigin("POST", h({ origin: SELF, "sec-fetch-site": "same-origin" }), SELF)).toEqual({ ok: true });
    expect(checkSameOrigin("POST", h({ origin: SELF }), SELF)).toEqual({ ok: true });
    expect(checkSameOrigin("POST", h({ "sec-fetch-site": "same-origin" }), SELF)).toEqual({ ok: true });
  });

  it("refuses cross-site, same-site (a sibling subdomain), opaque and missing origins", () => {
    const refused = [
      h({ origin: "https://evil.example", "sec-fetch-site": "cross-site" }),
      h({ origin: "https://evil.example" }),
      h({ origin: "https://gatehouse.example.evil.test" }),
      h({ origin: "http://gatehouse.example" }), // scheme downgrade
      h({ "sec-fetch-site": "same-site" }),
      h({ origin: SELF, "sec-fetch-site": "cross-site" }), // the browser's word wins
      h({ "sec-fetch-site": "none" }), // typed into the address bar: never a POST
      h({ origin: "null" }),
      h({}),
    ];
    for (const headers of refused) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const v = checkSameOrigin(method, headers, SELF);
        expect(v.ok, `${method} ${JSON.stringify(Object.fromEntries(headers))}`).toBe(false);
      }
    }
  });

  it("exempts only signature- and token-authenticated paths", () => {
    expect(isCookielessPath("/api/v1/staff")).toBe(true);
    expect(isCookielessPath("/api/inbound/postmark")).toBe(true);
    expect(isCookielessPath("/api/auth/callback/credentials")).toBe(false);
    expect(isCookielessPath("/admin")).toBe(false);
    expect(isCookielessPath("/api/v1")).toBe(false);
  });
});

describe("safeNext (no open redirect after sign-in)", () => {
  it("keeps same-site paths and drops everything else", () => {
    expect(safeNext("/cases/GH-000123?tab=docs")).toBe("/cases/GH-000123?tab=docs");
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "evil", "", null, undefined, "/sign-in/verify", "/api/auth/signout"]) {
      expect(safeNext(bad)).toBeNull();
    }
  });
});

describe("isConsoleFetch (cookie GETs that write records or serve personal data)", () => {
  it("accepts only what our own pages send: <img>, fetch, a link clicked on a console page", () => {
    expect(isConsoleFetch(h({ "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(isConsoleFetch(h({ "sec-fetch-site": "Same-Origin" }))).toBe(true);
  });
  it("refuses other sites, sibling subdomains, a typed or pasted URL, and a request without the header", () => {
    for (const site of ["cross-site", "same-site", "none"]) expect(isConsoleFetch(h({ "sec-fetch-site": site })), site).toBe(false);
    expect(isConsoleFetch(h({}))).toBe(false);
  });
});
