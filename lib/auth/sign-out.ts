import { appendAudit } from "../audit/append";
import { db } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import type { Actor } from "./actor";
import { endAllSessions, endSession } from "./session";

/** Ends the caller's own session. */
export async function signOut(input: { actor: Actor; request?: RequestContext }): Promise<void> {
  const { actor } = input;
  if (actor.type !== "STAFF" || !actor.sessionId) return;
  const sessionId = actor.sessionId;
  await db.$transaction(async (tx) => {
    if (await endSession(tx, sessionId)) {
      await appendAudit(tx, { action: "auth.signed_out", actor, target: { type: "staff", id: actor.id }, request: input.request, data: { staffId: actor.id, sessionId } });
    }
  });
}

/** Ends every session of the caller, on every device ("sign out everywhere"). */
export async function signOutEverywhere(input: { actor: Actor; request?: RequestContext }): Promise<{ ended: number }> {
  const { actor } = input;
  if (actor.type !== "STAFF") throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  const ids = await db.$transaction((tx) => endAllSessions(tx, actor.id, "sign_out_everywhere", actor, input.request));
  return { ended: ids.length };
}
