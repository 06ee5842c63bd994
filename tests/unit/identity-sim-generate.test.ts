// The simulator sends what docs/IDENTITY-API.md asks of the identity service: a failed face check
// is one face_check.failed, never also a login.attempted FAILURE for the same check.
import { faker } from "@faker-js/faker";
import { describe, expect, it } from "vitest";
import { newAccount, newDeviceLogin } from "../../scripts/lib/identity-sim/generate";

describe("identity simulator: new-device logins", () => {
  it("reports a failed face check once, as face_check.failed", () => {
    faker.seed(5);
    let faceFailures = 0;
    for (let i = 0; i < 200; i++) {
      const { account } = newAccount(new Date());
      account.verified = true;
      const events = newDeviceLogin(account, new Date());
      const checks = events.filter((e) => e.type === "face_check.failed");
      const failedFaceLogins = events.filter((e) => e.type === "login.attempted" && e.method === "FACE" && e.outcome === "FAILURE" && e.failureReason !== "IP_MISMATCH");
      faceFailures += checks.length;
      expect(checks.length).toBeLessThanOrEqual(1);
      expect(failedFaceLogins, JSON.stringify(events)).toEqual([]);
    }
    expect(faceFailures).toBeGreaterThan(20);
  });
});
