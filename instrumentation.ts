// Next.js instrumentation: logs unexpected server errors with the request id and Next's error
// digest (the reference shown on the error page), so a support report can be traced. Never starts
// workers (those are separate processes, workers/).
import type { Instrumentation } from "next";

export const onRequestError: Instrumentation.onRequestError = async (err, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return; // eslint-disable-line no-restricted-properties -- set by Next, not a setting
  const { logger, errFields } = await import("./lib/log");
  const headers = request.headers as Record<string, string | string[] | undefined>;
  const requestId = headers["x-request-id"];
  const digest = (err as { digest?: string }).digest;
  logger.error(
    { requestId, digest, method: request.method, path: request.path.split("?")[0], route: context.routePath, kind: context.routerKind, ...errFields(err) },
    "unhandled request error",
  );
};
