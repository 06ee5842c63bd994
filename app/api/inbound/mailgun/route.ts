// Mailgun route forwarding (multipart or urlencoded form, HMAC-signed token). See lib/intake/edge.
import { route } from "@/lib/http/handler";
import { receiveInbound } from "@/lib/intake/edge";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(async (req, { request }) => receiveInbound("MAILGUN", req, request));
