// Revokes one device; the identity service is told at once (device.revoked). Step-up: X-Gatehouse-TOTP.
import { NextResponse } from "next/server";
import { ZDeviceActionBody } from "@/lib/devices/reasons";
import { revokeDevice } from "@/lib/devices/revoke-device";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

export const POST = apiRoute<{ id: string }>(async (req, { params, actor, request }) => {
  const body = await jsonBody(req, ZDeviceActionBody);
  return NextResponse.json(await revokeDevice(actor, { ...body, deviceId: params.id }, { request }), { headers: { "cache-control": "no-store" } });
});
