// Postmark inbound webhook (JSON, HTTP Basic). See docs/openapi.yaml and lib/intake/edge.
import { route } from "@/lib/http/handler";
import { receiveInbound } from "@/lib/intake/edge";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(async (req, { request }) => receiveInbound("POSTMARK", req, request));
