import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { toActionResult, type ActionResult } from "../http/action-result";
import { requestContextFrom, type RequestContext } from "../http/request-context";
import type { Actor } from "./actor";
import { sessionCookie, sessionCookieValue, sessionTokenFromCookie } from "./cookie";
import type { Resource } from "./authorize";
import { config } from "../config";
import { isAppError } from "../errors";
import { requireStaff } from "./require-staff";
import type { Permission } from "./permissions";
import { resolveSession, sessionActor, type ResolvedSession, type SessionResult } from "./session";

// The request-scoped glue between Next (cookies, headers, redirects) and lib/auth. Pages call
// pageSession(); server actions call actionContext() and pass the actor to a use case, which
// makes the permission check itself (requireStaff).

/** Options for background calls (presence heartbeat, progress polls). */
export interface CallOptions {
  /** Checks the session without counting the call as activity (see resolveSession). */
  passive?: boolean;
}

/** The current request's session, resolved once per request (and per passive flag). */
export const currentSession = cache(async (passive: boolean = false): Promise<SessionResult> => {
  const jar = await cookies();
  const token = await sessionTokenFromCookie(jar.get(sessionCookie.name)?.value);
  return resolveSession(token, { passive });
});

export const currentRequest = cache(async (): Promise<RequestContext> => requestContextFrom(await headers()));

/** For server actions: who is calling (ANONYMOUS without an ACTIVE session) and the request context. */
export async function actionContext(opts: CallOptions = {}): Promise<{ actor: Actor; session: ResolvedSession | null; request: RequestContext }> {
  const [result, request] = await Promise.all([currentSession(opts.passive ?? false), currentRequest()]);
  const session = result.ok ? result.session : null;
  return { actor: sessionActor(session), session, request };
}

/** Puts a new session token in the cookie (after MFA: the session was replaced by a new one). */
export async function setSessionCookie(token: string): Promise<void> {
  const jar = await cookies();
  jar.set(sessionCookie.name, await sessionCookieValue(token), { ...sessionCookie.options, maxAge: config.SESSION_ABSOLUTE_SECONDS });
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

/**
 * For the MFA pages: a session that has passed the password (or OIDC) but not the second factor.
 * `afterAction`: when the server action that completed MFA re-renders the page (Next does so after
 * it sets the new session cookie), the now ACTIVE session is returned instead of redirected, so the
 * action's result (the recovery codes, shown once) stays on screen. Any other request is redirected.
 */
export async function pendingSession(opts: { afterAction?: boolean } = {}): Promise<ResolvedSession> {
  const result = await currentSession();
  if (!result.ok) redirect(signInUrl(result.reason));
  if (result.session.stage === "ACTIVE") {
    const inAction = opts.afterAction && (await headers()).has("next-action");
    if (!inAction) redirect("/queue");
  }
  return result.session;
}

/**
 * The body of every server action: resolves the caller, runs the use case with it, and returns an
 * ActionResult. The use case checks the permission itself (requireStaff); a caller without an
 * ACTIVE session reaches it as ANONYMOUS and is refused there, with an audit entry. Background
 * actions pass `passive: true` so they do not keep an unattended page signed in.
 */
export async function runAction<T>(
  fn: (ctx: { actor: Actor; session: ResolvedSession | null; request: RequestContext }) => Promise<T>,
  opts: CallOptions = {},
): Promise<ActionResult<T>> {
  const ctx = await actionContext(opts);
  return toActionResult(ctx.request.requestId, () => fn(ctx));
}
