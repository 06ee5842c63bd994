import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { toActionResult, type ActionResult } from "../http/action-result";
import { requestContextFrom, type RequestContext } from "../http/request-context";
import type { Actor } from "./actor";
import { sessionCookie, sessionTokenFromCookie } from "./cookie";
import type { Resource } from "./authorize";
import { isAppError } from "../errors";
import { requireStaff } from "./require-staff";
import type { Permission } from "./permissions";
import { resolveSession, sessionActor, type ResolvedSession, type SessionResult } from "./session";

// The request-scoped glue between Next (cookies, headers, redirects) and lib/auth. Pages call
// pageSession(); server actions call actionContext() and pass the actor to a use case, which
// makes the permission check itself (requireStaff).

/** The current request's session, resolved once per request. */
export const currentSession = cache(async (): Promise<SessionResult> => {
  const jar = await cookies();
  const token = await sessionTokenFromCookie(jar.get(sessionCookie.name)?.value);
  return resolveSession(token);
});

export const currentRequest = cache(async (): Promise<RequestContext> => requestContextFrom(await headers()));

/** For server actions: who is calling (ANONYMOUS without an ACTIVE session) and the request context. */
export async function actionContext(): Promise<{ actor: Actor; session: ResolvedSession | null; request: RequestContext }> {
  const [result, request] = await Promise.all([currentSession(), currentRequest()]);
  const session = result.ok ? result.session : null;
  return { actor: sessionActor(session), session, request };
}

function signInUrl(reason?: string): string {
  return reason && reason !== "unknown" ? `/sign-in?ended=${reason}` : "/sign-in";
}

/**
 * For console pages: an ACTIVE session or a redirect (to sign-in, or to finish MFA). With a
 * permission, a role that lacks it gets the "not allowed" page instead of the content.
 */
export async function pageSession(permission?: Permission, resource?: Resource): Promise<{ session: ResolvedSession; actor: Actor; allowed: boolean }> {
  const result = await currentSession();
  if (!result.ok) redirect(signInUrl(result.reason));
  const { session } = result;
  if (session.stage === "MFA_VERIFY") redirect("/sign-in/verify");
  if (session.stage === "MFA_ENROL") redirect("/sign-in/enrol");
  const actor = sessionActor(session);
  if (!permission) return { session, actor, allowed: true };
  try {
    // Same check (and audited refusal) as actions; step-up is for actions, not for viewing.
    await requireStaff(actor, permission, { resource, request: await currentRequest() });
    return { session, actor, allowed: true };
  } catch (err) {
    if (isAppError(err) && err.code === "STEP_UP_REQUIRED") return { session, actor, allowed: true };
    if (isAppError(err) && err.code === "FORBIDDEN") return { session, actor, allowed: false };
    throw err;
  }
}

/** For the MFA pages: a session that has passed the password (or OIDC) but not the second factor. */
export async function pendingSession(): Promise<ResolvedSession> {
  const result = await currentSession();
  if (!result.ok) redirect(signInUrl(result.reason));
  if (result.session.stage === "ACTIVE") redirect("/queue");
  return result.session;
}

/**
 * The body of every server action: resolves the caller, runs the use case with it, and returns an
 * ActionResult. The use case checks the permission itself (requireStaff); a caller without an
 * ACTIVE session reaches it as ANONYMOUS and is refused there, with an audit entry.
 */
export async function runAction<T>(fn: (ctx: { actor: Actor; session: ResolvedSession | null; request: RequestContext }) => Promise<T>): Promise<ActionResult<T>> {
  const ctx = await actionContext();
  return toActionResult(ctx.request.requestId, () => fn(ctx));
}
