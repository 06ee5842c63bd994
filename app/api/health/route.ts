import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { checkHealth } from "@/lib/health";
import { route } from "@/lib/http/handler";
import { healthLimit, limitRequest } from "@/lib/security/public-limit";
import { sharedRedis } from "@/lib/queue/connection";

export const dynamic = "force-dynamic";

// Public by design (load balancers, uptime checks): dependency states only, no personal data.
// Rate-limited per IP, so it cannot be used to hammer the database and Redis.
export const GET = route(async (_req, { request }) => {
  await limitRequest(healthLimit, request, "Too many health checks from this address.");
  const health = await checkHealth(db, sharedRedis());
  return NextResponse.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
});
