import { randomUUID } from "node:crypto";
import { startSession } from "@/lib/auth/session";
import { db } from "@/lib/db";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import type { CallerIdentity } from "./callers";

// The authorization matrix: every endpoint that changes state, and who may use it. Adding a
// route handler or server action without an entry here fails tests/integration/authz-matrix.test.ts.
//   allow:  the roles that get through authorization (the matrix runs it as every role, as an
//           anonymous caller and with a revoked token, and checks each outcome);
//   exempt: not staff-authorised by design — the reason says what protects it and which test
//           covers that instead.

export type Expectation = { allow: readonly StaffRole[] } | { exempt: string };

export interface Ctx {
  caller: CallerIdentity;
  /** A fresh staff member to act on (role AGENT unless given). */
  target(role?: StaffRole): Promise<{ id: string; email: string }>;
}

export interface RouteEntry {
  expect: Expectation;
  prepare?(ctx: Ctx): Promise<{ params?: Record<string, string>; body?: unknown }>;
}

export interface ActionEntry {
  expect: Expectation;
  /** The arguments the action is called with (valid input, so only authorization can refuse it). */
  args?(ctx: Ctx): Promise<unknown[]>;
}

const ALL: readonly StaffRole[] = ["AGENT", "SUPERVISOR", "AUDITOR", "ADMIN"];
const ADMIN: readonly StaffRole[] = ["ADMIN"];

export async function makeTarget(role: StaffRole = "AGENT"): Promise<{ id: string; email: string }> {
  const email = `target-${randomUUID().slice(0, 8)}@it.test`;
  const row = await db.staffUser.create({ data: { email, name: "Target", role, status: "ACTIVE" }, select: { id: true } });
  return { id: row.id, email };
}

const staffParam = async (ctx: Ctx) => ({ params: { id: (await ctx.target()).id } });

export const routes: Record<string, RouteEntry> = {
  "POST /api/auth/{...nextauth}": {
    expect: { exempt: "Auth.js's own endpoints (sign-in callbacks, sign-out): CSRF token + Origin check; the credentials callback runs lib/auth/sign-in.ts (tests/integration/sign-in.test.ts, tests/e2e/sign-in.spec.ts)" },
  },
  "POST /api/v1/staff": {
    expect: { allow: ADMIN },
    prepare: async () => ({ body: { email: `new-${randomUUID().slice(0, 8)}@it.test`, name: "New Person", role: "AGENT" } }),
  },
  "PATCH /api/v1/staff/{id}": { expect: { allow: ADMIN }, prepare: async (ctx) => ({ ...(await staffParam(ctx)), body: { role: "SUPERVISOR" } }) },
  "POST /api/v1/staff/{id}/disable": { expect: { allow: ADMIN }, prepare: staffParam },
  "POST /api/v1/staff/{id}/enable": { expect: { allow: ADMIN }, prepare: staffParam },
  "POST /api/v1/staff/{id}/reset-mfa": { expect: { allow: ADMIN }, prepare: staffParam },
  "POST /api/v1/staff/{id}/unlock": { expect: { allow: ADMIN }, prepare: staffParam },
  "DELETE /api/v1/staff/{id}/sessions": { expect: { allow: ADMIN }, prepare: staffParam },
  "DELETE /api/v1/staff/{id}/sessions/{sessionId}": {
    expect: { allow: ADMIN },
    prepare: async (ctx) => {
      const t = await ctx.target();
      const s = await db.$transaction((tx) => startSession(tx, { staffId: t.id, method: "PASSWORD" }));
      return { params: { id: t.id, sessionId: s.sessionId } };
    },
  },
  "POST /api/v1/tokens": { expect: { allow: ALL }, prepare: async () => ({ body: { name: "matrix token", expiresInDays: 1 } }) },
  "DELETE /api/v1/tokens/{id}": {
    expect: { allow: ALL },
    // The caller's own token: owners revoke their tokens, whatever their role.
    prepare: async (ctx) => {
      const id = ctx.caller.staffId ? (await db.apiToken.findFirst({ where: { staffUserId: ctx.caller.staffId }, select: { id: true } }))?.id : undefined;
      return { params: { id: id ?? randomUUID() } };
    },
  },
};

const target = async (ctx: Ctx) => [{ staffId: (await ctx.target()).id }];
const A = "app/(console)/admin/actions.ts#";
const ACCOUNT = "app/(console)/account/actions.ts#";

export const actions: Record<string, ActionEntry> = {
  [`${A}createStaffAction`]: { expect: { allow: ADMIN }, args: async () => [{ email: `new-${randomUUID().slice(0, 8)}@it.test`, name: "New Person", role: "AGENT" }] },
  [`${A}changeRoleAction`]: { expect: { allow: ADMIN }, args: async (ctx) => [{ staffId: (await ctx.target()).id, role: "SUPERVISOR" }] },
  [`${A}disableStaffAction`]: { expect: { allow: ADMIN }, args: target },
  [`${A}enableStaffAction`]: { expect: { allow: ADMIN }, args: target },
  [`${A}resetMfaAction`]: { expect: { allow: ADMIN }, args: target },
  [`${A}unlockStaffAction`]: { expect: { allow: ADMIN }, args: target },
  [`${A}revokeSessionAction`]: {
    expect: { allow: ADMIN },
    args: async (ctx) => {
      const t = await ctx.target();
      const s = await db.$transaction((tx) => startSession(tx, { staffId: t.id, method: "PASSWORD" }));
      return [{ staffId: t.id, sessionId: s.sessionId }];
    },
  },
  [`${A}revokeAllSessionsAction`]: { expect: { allow: ADMIN }, args: target },
  [`${ACCOUNT}createTokenAction`]: { expect: { allow: ALL }, args: async () => [{ name: "matrix", expiresInDays: 1 }] },
  [`${ACCOUNT}revokeTokenAction`]: {
    expect: { allow: ALL },
    args: async (ctx) => {
      const own = ctx.caller.staffId ? await db.apiToken.findFirst({ where: { staffUserId: ctx.caller.staffId }, select: { id: true } }) : null;
      return [own?.id ?? randomUUID()];
    },
  },
  [`${ACCOUNT}regenerateRecoveryCodesAction`]: { expect: { allow: ALL }, args: async (ctx) => [ctx.caller.totp()] },
  [`${ACCOUNT}signOutEverywhereAction`]: {
    expect: { exempt: "ends only the caller's own sessions; refused without one (tests/integration/sign-in.test.ts, tests/e2e/sign-in.spec.ts)" },
  },
  "app/(auth)/invite/[token]/actions.ts#acceptInviteAction": {
    expect: { exempt: "public by nature: needs a one-time invite token (256 bits, 72 h, stored hashed); tests/integration/staff-admin.test.ts" },
  },
  "app/(auth)/sign-in/actions.ts#signInWithPassword": {
    expect: { exempt: "public by nature: rate-limited per IP and account, every failure audited (tests/integration/sign-in.test.ts)" },
  },
  "app/(auth)/sign-in/actions.ts#signInWithOidc": { expect: { exempt: "public by nature: starts the OIDC redirect (tests/e2e/oidc.spec.ts)" } },
  "app/(auth)/sign-in/actions.ts#verifyCode": {
    expect: { exempt: "acts only on the caller's own half-finished sign-in; rate-limited and audited (tests/integration/sign-in.test.ts)" },
  },
  "app/(auth)/sign-in/actions.ts#confirmEnrol": { expect: { exempt: "acts only on the caller's own half-finished sign-in (tests/integration/sign-in.test.ts)" } },
  "app/(auth)/sign-in/actions.ts#signOutAction": { expect: { exempt: "ends only the caller's own session; harmless without one (tests/e2e/sign-in.spec.ts)" } },
  "app/(auth)/sign-in/actions.ts#confirmStepUpAction": {
    expect: { allow: ALL },
    args: async () => [{ password: "matrix-caller-password" }],
  },
};
