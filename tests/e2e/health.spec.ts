import { expect, test } from "@playwright/test";

// The app's own dependency check against the run's database and S3 (global-setup.ts). Workers are
// not started in end-to-end runs, so the overall status may be "degraded" with a 503.
test("GET /api/health reports the database and S3 as up", async ({ request }) => {
  const res = await request.get("/api/health", { headers: { "x-request-id": "e2e-health-check" } });
  expect([200, 503]).toContain(res.status());
  expect(res.headers()["content-type"]).toContain("application/json");
  expect(res.headers()["x-request-id"]).toBe("e2e-health-check");

  const body = (await res.json()) as { status: string; checks: Record<string, string> };
  expect(["ok", "degraded"]).toContain(body.status);
  expect(body.checks.database).toBe("up");
  expect(body.checks.s3).toBe("up");
  expect(["up", "down"]).toContain(body.checks.redis);
  expect(["up", "down"]).toContain(body.checks.workers);
  expect(res.status()).toBe(body.status === "ok" ? 200 : 503);
});
