import { describe, expect, it } from "vitest";
import { requestContextFrom } from "@/lib/http/request-context";

describe("requestContextFrom", () => {
  it("keeps a well-formed incoming request id and the first forwarded address", () => {
    const ctx = requestContextFrom(new Headers({ "x-request-id": "abc-12345678", "x-forwarded-for": "203.0.113.9, 10.0.0.1", "user-agent": "UA" }));
    expect(ctx).toEqual({ requestId: "abc-12345678", ip: "203.0.113.9", userAgent: "UA" });
  });
  it("replaces a malformed request id (spaces, quotes: log injection) with a fresh one", () => {
    const ctx = requestContextFrom(new Headers({ "x-request-id": "bad id\" level=fatal forged" }));
    expect(ctx.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
