import { describe, expect, it } from "vitest";
import { AppError, toErrorBody } from "@/lib/errors";

describe("toErrorBody", () => {
  it("maps each AppError code to its HTTP status with the caller-facing message", () => {
    expect(toErrorBody(new AppError("CONFLICT", "The case changed; reload it.", { version: 3 }), "r1")).toEqual({
      status: 409,
      body: { error: { code: "CONFLICT", message: "The case changed; reload it.", requestId: "r1", details: { version: 3 } } },
    });
    expect(toErrorBody(new AppError("PAYLOAD_TOO_LARGE", "too big")).status).toBe(413);
    expect(toErrorBody(new AppError("RATE_LIMITED", "slow down")).status).toBe(429);
  });

  it("never leaks the message of an unexpected error", () => {
    const { status, body } = toErrorBody(new Error("duplicate key value violates constraint on email alice@example.com"), "r2");
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain("alice@example.com");
    expect(body.error).toMatchObject({ code: "INTERNAL", requestId: "r2" });
  });
});
