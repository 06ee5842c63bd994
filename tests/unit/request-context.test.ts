import { describe, expect, it } from "vitest";
import { clientAddress, requestContextFrom } from "@/lib/http/request-context";
import { requestIdFrom } from "@/lib/http/request-id";

const xff = (value: string) => new Headers({ "x-forwarded-for": value });

describe("requestContextFrom", () => {
  it("keeps a well-formed incoming request id, the client address and the user agent", () => {
    const ctx = requestContextFrom(new Headers({ "x-request-id": "abc-12345678", "x-forwarded-for": "203.0.113.9", "user-agent": "UA" }), 0);
    expect(ctx).toEqual({ requestId: "abc-12345678", ip: "203.0.113.9", userAgent: "UA" });
  });
  it("replaces a malformed request id (spaces, quotes: log injection) with a fresh one", () => {
    const ctx = requestContextFrom(new Headers({ "x-request-id": "bad id\" level=fatal forged" }));
    expect(ctx.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(new Headers())).toMatch(/^[0-9a-f-]{36}$/);
  });
  it("never takes the client-written left-most X-Forwarded-For entry, nor X-Real-IP", () => {
    const ctx = requestContextFrom(new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.4", "x-real-ip": "7.7.7.7" }), 1);
    expect(ctx.ip).toBe("198.51.100.4");
  });
});

describe("clientAddress (TRUSTED_PROXY_HOPS)", () => {
  it("0 hops (no proxy): the address Next writes from the socket when the client sent none", () => {
    expect(clientAddress(xff("127.0.0.1"), 0)).toBe("127.0.0.1");
    expect(clientAddress(xff("::1"), 0)).toBe("::1");
  });
  it("1 hop: the right-most entry, whatever the client put before it", () => {
    expect(clientAddress(xff("203.0.113.7"), 1)).toBe("203.0.113.7");
    expect(clientAddress(xff("1.1.1.1, 203.0.113.7"), 1)).toBe("203.0.113.7");
    expect(clientAddress(xff("1.1.1.1,2.2.2.2 ,  203.0.113.7"), 1)).toBe("203.0.113.7");
  });
  it("N hops: the N-th entry from the right (the address the outermost trusted proxy saw)", () => {
    expect(clientAddress(xff("9.9.9.9, 203.0.113.7, 10.0.0.2"), 2)).toBe("203.0.113.7");
    expect(clientAddress(xff("9.9.9.9, 203.0.113.7, 10.0.0.3, 10.0.0.2"), 3)).toBe("203.0.113.7");
  });
  it("fewer entries than hops (a proxy was skipped): the left-most, which no client wrote", () => {
    expect(clientAddress(xff("203.0.113.7"), 2)).toBe("203.0.113.7");
  });
  it("normalises ports, brackets and IPv4-mapped IPv6; refuses what is not an address", () => {
    expect(clientAddress(xff("203.0.113.7:51234"), 1)).toBe("203.0.113.7");
    expect(clientAddress(xff("[2001:db8::1]:443"), 1)).toBe("2001:db8::1");
    expect(clientAddress(xff("::ffff:192.0.2.5"), 0)).toBe("192.0.2.5");
    expect(clientAddress(xff("2001:db8::7"), 1)).toBe("2001:db8::7");
    expect(clientAddress(xff("unknown"), 1)).toBeUndefined();
    expect(clientAddress(xff("1.2.3.4, <script>"), 1)).toBeUndefined();
  });
  it("no header, or an empty one: no address (the per-IP limit then does not count the request)", () => {
    expect(clientAddress(new Headers(), 0)).toBeUndefined();
    expect(clientAddress(xff(" , "), 1)).toBeUndefined();
  });
});
