import { z } from "zod";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { endAllSessions, endSession } from "../auth/session";
import { db } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { loadStaff, parseStaffId, staffResource } from "./shared";

const noSession = () => new AppError("NOT_FOUND", "This staff member has no session with this id.");

/** Ends one session of a member (a stolen laptop, a forgotten shared machine). */
export async function revokeStaffSession(
  actor: Actor,
  input: { staffId: string; sessionId: string },
  opts: { request?: RequestContext } = {},
): Promise<{ sessionId: string; revoked: boolean }> {
  const { actor: staffActor } = await requireStaff(actor, "staff.manage", { resource: staffResource(input.staffId), request: opts.request });
  const staffId = parseStaffId(input.staffId);
  const sessionId = z.uuid().safeParse(input.sessionId);
  if (!sessionId.success) throw noSession();
  const id = sessionId.data.toLowerCase();

  return db.$transaction(async (tx) => {
    const session = await tx.staffSession.findFirst({ where: { id, staffUserId: staffId }, select: { id: true } });
    if (!session) throw noSession();
    // Already over (signed out, revoked, expired): nothing changes and nothing is audited.
    if (!(await endSession(tx, id))) return { sessionId: id, revoked: false };
    await appendAudit(tx, {
      action: "auth.sessions_revoked",
      actor: staffActor,
      target: { type: "staff", id: staffId },
      request: opts.request,
      data: { staffId, sessionIds: [id], reason: "admin" },
    });
    return { sessionId: id, revoked: true };
  });
}

/** Ends every session of a member at once ("sign them out everywhere"). */
export async function revokeAllStaffSessions(
  actor: Actor,
  input: { staffId: string },
  opts: { request?: RequestContext } = {},
): Promise<{ sessionIds: string[] }> {
  const { actor: staffActor } = await requireStaff(actor, "staff.manage", { resource: staffResource(input.staffId), request: opts.request });
  const staffId = parseStaffId(input.staffId);
  return db.$transaction(async (tx) => {
    await loadStaff(tx, staffId);
    return { sessionIds: await endAllSessions(tx, staffId, "admin", staffActor, opts.request) };
  });
}
