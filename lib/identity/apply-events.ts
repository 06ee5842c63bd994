import type { Tx } from "../db";
import type { RequestContext } from "../http/request-context";
import { errFields, logger } from "../log";
import { applyAccounts, type AccountChange } from "./apply-accounts";
import { applyActivity, type ActivityChange } from "./apply-activity";
import type { LoginAuthorization } from "./apply-authorizations";
import type { IdentityEvent } from "./schemas";

// Applies valid, newly stored events to Account / Device / LoginEvent. The fast path applies the
// whole set in a handful of statements; its result equals applying the events one by one in
// occurredAt order (newest account snapshot wins, times only move forward), which is why the sets
// need no ordering. Should the set fail (a bug, a constraint we did not foresee), it is rolled back
// to a savepoint and the events are applied one at a time, in occurredAt order, each in its own
// savepoint: the culprits keep their raw row with an error, the others are applied.

export interface ValidEvent {
  index: number;
  id: string;
  occurredAt: Date;
  event: IdentityEvent;
}

export interface ApplyResult {
  /** Events that could not be applied, with the error to store. */
  failures: Map<string, string>;
  /** Devices a successful login authorised (the caller audits them). */
  authorizations: LoginAuthorization[];
}

async function applySet(tx: Tx, events: readonly ValidEvent[], now: Date): Promise<LoginAuthorization[]> {
  const accounts: AccountChange[] = [];
  const activity: ActivityChange[] = [];
  for (const { id, occurredAt, event } of events) {
    if (event.type === "account.upserted") accounts.push({ id, occurredAt, event });
    else activity.push({ id, occurredAt, event });
  }
  // Accounts first, so activity for an account described in the same batch finds the real row.
  await applyAccounts(tx, accounts, now);
  return applyActivity(tx, activity, now);
}

/** "apply failed (SQLSTATE 23505)": the code only — driver messages may quote personal data. */
export function applyError(err: unknown): string {
  const cause = (err as { meta?: { driverAdapterError?: { cause?: { code?: unknown } } } } | null)?.meta?.driverAdapterError?.cause?.code;
  const code = typeof cause === "string" ? cause : /Code: `([0-9A-Z]{5})`/.exec(err instanceof Error ? err.message : "")?.[1];
  return code ? `apply failed (SQLSTATE ${code})` : "apply failed (internal error)";
}

const byOccurrence = (a: ValidEvent, b: ValidEvent) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Applies `events`: the set at once, or one by one when the set fails. */
export async function applyEvents(tx: Tx, events: readonly ValidEvent[], now: Date, request?: RequestContext): Promise<ApplyResult> {
  const failures = new Map<string, string>();
  const authorizations: LoginAuthorization[] = [];
  if (events.length === 0) return { failures, authorizations };
  await tx.$executeRaw`SAVEPOINT identity_apply`;
  try {
    authorizations.push(...(await applySet(tx, events, now)));
    await tx.$executeRaw`RELEASE SAVEPOINT identity_apply`;
    return { failures, authorizations };
  } catch (err) {
    await tx.$executeRaw`ROLLBACK TO SAVEPOINT identity_apply`;
    await tx.$executeRaw`RELEASE SAVEPOINT identity_apply`;
    logger.warn({ requestId: request?.requestId, events: events.length, ...errFields(err) }, "identity events: set apply failed, applying one by one");
  }
  for (const e of [...events].sort(byOccurrence)) {
    await tx.$executeRaw`SAVEPOINT identity_apply_one`;
    try {
      const authorized = await applySet(tx, [e], now);
      await tx.$executeRaw`RELEASE SAVEPOINT identity_apply_one`;
      authorizations.push(...authorized);
    } catch (err) {
      await tx.$executeRaw`ROLLBACK TO SAVEPOINT identity_apply_one`;
      await tx.$executeRaw`RELEASE SAVEPOINT identity_apply_one`;
      failures.set(e.id, applyError(err));
      logger.error({ requestId: request?.requestId, eventId: e.id, type: e.event.type, ...errFields(err) }, "identity event could not be applied");
    }
  }
  return { failures, authorizations };
}
