// Authorises a device: at once through a review case (caseRef), otherwise as a four-eyes request
// a second supervisor approves (202 with pendingApproval). Step-up: X-Gatehouse-TOTP.
import { NextResponse } from "next/server";
import { authorizeDevice } from "@/lib/devices/authorize-device";
import { ZDeviceActionBody } from "@/lib/devices/reasons";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

export const POST = apiRoute<{ id: string }>(async (req, { params, actor, request }) => {
  const body = await jsonBody(req, ZDeviceActionBody);
  const result = await authorizeDevice(actor, { ...body, deviceId: params.id }, { request });
  return NextResponse.json(result, { status: result.outcome === "pending_approval" ? 202 : 200, headers: { "cache-control": "no-store" } });
});
