// SendGrid Inbound Parse (multipart, raw or parsed mode; HTTP Basic, ECDSA when configured). See lib/intake/edge.
import { route } from "@/lib/http/handler";
import { receiveInbound } from "@/lib/intake/edge";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(async (req, { request }) => receiveInbound("SENDGRID", req, request));
