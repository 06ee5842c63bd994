import { appendAudit } from "../audit/append";
import { db } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import type { Actor } from "./actor";
import { decide, type Resource, type StaffActor } from "./authorize";
import { needsStepUp, type Permission } from "./permissions";
import { config } from "../config";

export type { StaffActor };

function resourceId(resource?: Resource): string | null {
  if (!resource) return null;
  return resource.type === "token" ? resource.ownerId : resource.id;
}

/** True when the actor confirmed their password or TOTP within STEP_UP_SECONDS. */
export function steppedUpRecently(actor: StaffActor, now: Date): boolean {
  const at = actor.steppedUpAt;
  return !!at && now.getTime() - at.getTime() <= config.STEP_UP_SECONDS * 1000 && at.getTime() <= now.getTime() + 5_000;
}

/**
 * The check every server action, route handler and use case makes before acting. Returns the
 * staff actor (and whether a supervisor override applied, which the caller records in its own
 * audit entry). On refusal it writes an `auth.denied` audit entry — in its own transaction, so the
 * record survives the refused action — and throws UNAUTHENTICATED or FORBIDDEN with the reason.
 */
export async function requireStaff(
  actor: Actor,
  permission: Permission,
  opts: { resource?: Resource; request?: RequestContext; now?: Date } = {},
): Promise<{ actor: StaffActor; override: boolean }> {
  const decision = decide(actor, permission, opts.resource);
  if (decision.allowed) {
    if (needsStepUp(permission) && !steppedUpRecently(decision.actor, opts.now ?? new Date())) {
      const how = decision.actor.type === "API_TOKEN" ? "send the token owner's current authenticator code in the X-Gatehouse-TOTP header" : "enter your password or an authenticator code, then try again";
      throw new AppError("STEP_UP_REQUIRED", `This action needs a fresh confirmation: ${how}.`, { permission });
    }
    return { actor: decision.actor, override: decision.override };
  }
  await db.$transaction((tx) =>
    appendAudit(tx, {
      action: "auth.denied",
      actor,
      outcome: "DENIED",
      target: opts.resource ? { type: opts.resource.type, id: resourceId(opts.resource) ?? "" } : undefined,
      caseId: opts.resource?.type === "case" ? opts.resource.id : undefined,
      request: opts.request,
      data: { permission, reason: decision.reason, resourceType: opts.resource?.type ?? null, resourceId: resourceId(opts.resource) },
    }),
  );
  throw new AppError(decision.code, decision.code === "UNAUTHENTICATED" ? "Sign in to continue (API clients: send Authorization: Bearer <personal API token>)." : `Not allowed: ${decision.reason}.`);
}
