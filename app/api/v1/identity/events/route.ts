// The identity service's event batches, authenticated by X-Gatehouse-Signature (not a Bearer
// token: the caller is a system, not a staff member). See docs/IDENTITY-API.md and lib/identity.
import { route } from "@/lib/http/handler";
import { receiveIdentityEvents } from "@/lib/identity";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(async (req, { request }) => receiveIdentityEvents(req, request));
