import type { Actor } from "../auth/actor";
import { authenticateBearer } from "../auth/bearer";
import { AppError } from "../errors";
import { route } from "./handler";
import type { RequestContext } from "./request-context";

type ApiHandler<P> = (req: Request, ctx: { params: P; request: RequestContext; actor: Actor }) => Promise<Response>;

/**
 * A JSON API route under /api/v1: the caller is a personal API token (`Authorization: Bearer …`),
 * never a cookie — so these routes need no CSRF defence and a browser session cannot reach them.
 * A missing header reaches the use case as ANONYMOUS (refused and audited by requireStaff); a
 * bad, expired or revoked token is refused here with 401 and audited.
 */
export function apiRoute<P = Record<string, never>>(handler: ApiHandler<P>) {
  return route<P>(async (req, ctx) => {
    const actor = await authenticateBearer(req, ctx.request);
    return handler(req, { ...ctx, actor });
  });
}

/** Parses a JSON body with a zod-like schema; 400 with field errors on failure, 415 on other types. */
export async function jsonBody<T>(req: Request, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }): Promise<T> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send a JSON body with Content-Type: application/json.");
  const text = await req.text();
  if (text.length > 64 * 1024) throw new AppError("PAYLOAD_TOO_LARGE", "The JSON body is larger than 64 KB.");
  let value: unknown;
  try {
    value = text ? JSON.parse(text) : {};
  } catch {
    throw new AppError("INVALID_INPUT", "The body is not valid JSON.");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AppError("INVALID_INPUT", "Some fields are missing or invalid.", {
      fields: parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    });
  }
  return parsed.data;
}
