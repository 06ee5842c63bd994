import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { checkHealth } from "@/lib/health";
import { route } from "@/lib/http/handler";
import { sharedRedis } from "@/lib/queue/connection";

export const dynamic = "force-dynamic";

// Public by design (load balancers, uptime checks): dependency states only, no personal data.
export const GET = route(async () => {
  const health = await checkHealth(db, sharedRedis());
  return NextResponse.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
});
