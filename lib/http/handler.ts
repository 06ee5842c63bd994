import { NextResponse } from "next/server";
import { isAppError, toErrorBody } from "../errors";
import { errFields, logger } from "../log";
import { requestContextFrom, type RequestContext } from "./request-context";

type Handler<P> = (req: Request, ctx: { params: P; request: RequestContext }) => Promise<Response>;

/**
 * Wraps a route handler: request id in and out, AppError → status + JSON body, anything else →
 * a generic 500 that is logged with the request id (and no personal data).
 */
export function route<P = Record<string, never>>(handler: Handler<P>) {
  return async (req: Request, routeCtx: { params: Promise<P> }): Promise<Response> => {
    const request = requestContextFrom(req.headers);
    try {
      const res = await handler(req, { params: await routeCtx.params, request });
      res.headers.set("x-request-id", request.requestId);
      return res;
    } catch (err) {
      const { status, body } = toErrorBody(err, request.requestId);
      if (status >= 500) logger.error({ requestId: request.requestId, route: new URL(req.url).pathname, ...errFields(err) }, "request failed");
      const headers: Record<string, string> = { "x-request-id": request.requestId, "cache-control": "no-store" };
      // Every 429 says when to come back (RFC 9110 Retry-After), whichever limit refused it.
      const retry = isAppError(err) && err.code === "RATE_LIMITED" ? err.details?.retryAfterSeconds : undefined;
      if (typeof retry === "number") headers["retry-after"] = String(retry);
      return NextResponse.json(body, { status, headers });
    }
  };
}
