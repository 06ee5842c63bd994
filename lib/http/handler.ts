import { NextResponse } from "next/server";
import { toErrorBody } from "../errors";
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
      return NextResponse.json(body, { status, headers: { "x-request-id": request.requestId, "cache-control": "no-store" } });
    }
  };
}
