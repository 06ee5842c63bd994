import { unstable_rethrow } from "next/navigation";
import { isAppError, type ErrorCode } from "../errors";
import { errFields, logger } from "../log";

// What every server action returns: data, or an error the form can show. AppErrors keep their
// code and message (written for the user); anything else becomes a generic message, logged with
// the request id and no personal data.

export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; error: { code: ErrorCode; message: string; details?: Record<string, unknown>; requestId?: string } };

export async function toActionResult<T>(requestId: string, fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    // redirect() and notFound() work by throwing; let Next handle them.
    unstable_rethrow(err);
    if (isAppError(err)) return { ok: false, error: { code: err.code, message: err.message, details: err.details, requestId } };
    logger.error({ requestId, ...errFields(err) }, "server action failed");
    return { ok: false, error: { code: "INTERNAL", message: "Something went wrong on our side. Quote the request id when you report it.", requestId } };
  }
}
