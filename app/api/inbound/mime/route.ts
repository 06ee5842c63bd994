// A raw RFC 822 message signed with X-Gatehouse-Signature (SES relays, our own MTA). See lib/intake/edge.
import { route } from "@/lib/http/handler";
import { receiveInbound } from "@/lib/intake/edge";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(async (req, { request }) => receiveInbound("MIME", req, request));
