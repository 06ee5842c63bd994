// Revokes every other device of the account, keeping this one. Step-up: X-Gatehouse-TOTP.
import { NextResponse } from "next/server";
import { ZDeviceActionBody } from "@/lib/devices/reasons";
import { revokeOtherDevices } from "@/lib/devices/revoke-other-devices";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

export const POST = apiRoute<{ id: string }>(async (req, { params, actor, request }) => {
  const body = await jsonBody(req, ZDeviceActionBody.omit({ caseRef: true }));
  return NextResponse.json(await revokeOtherDevices(actor, { ...body, deviceId: params.id }, { request }), { headers: { "cache-control": "no-store" } });
});
