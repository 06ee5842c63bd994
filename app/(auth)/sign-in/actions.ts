"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn, signOut as authJsSignOut, type SignInRefusal } from "@/auth";
import { actionContext, currentRequest, currentSession, runAction, setSessionCookie } from "@/lib/auth/current";
import { confirmEnrolment, verifySecondFactor } from "@/lib/auth/second-factor";
import { signOut } from "@/lib/auth/sign-out";
import { confirmStepUp } from "@/lib/auth/step-up";
import { AppError, isAppError } from "@/lib/errors";
import { safeNext } from "@/lib/auth/next-path";

// Sign-in and session actions. Each is callable from the internet: the public ones (password,
// OIDC) are rate-limited and audited in lib/auth; the rest act only on the caller's own session.

export interface FormState {
  error?: string;
}

const REFUSALS: Record<SignInRefusal, string> = {
  invalid: "Email or password is wrong.",
  locked: "This account is locked after too many failed attempts. Try again in 15 minutes, or ask an administrator to unlock it.",
  disabled: "This staff account is disabled. Ask an administrator.",
  rate_limited: "Too many failed sign-ins from this network. Wait a few minutes and try again.",
  unavailable: "Sign-in is unavailable right now. Try again in a minute.",
};

const ZPassword = z.object({ email: z.string().trim().max(320), password: z.string().max(1024), next: z.string().max(2048).optional() });

export async function signInWithPassword(_prev: FormState, form: FormData): Promise<FormState> {
  const input = ZPassword.safeParse({ email: form.get("email"), password: form.get("password"), next: form.get("next") ?? undefined });
  if (!input.success || !input.data.email || !input.data.password) return { error: "Enter your work email and password." };
  const next = safeNext(input.data.next);
  try {
    await signIn("credentials", {
      email: input.data.email,
      password: input.data.password,
      redirectTo: `/sign-in/verify${next ? `?next=${encodeURIComponent(next)}` : ""}`,
    });
  } catch (err) {
    if (err instanceof AuthError) {
      const code = (err as AuthError & { code?: string }).code as SignInRefusal | undefined;
      return { error: REFUSALS[code && code in REFUSALS ? code : "invalid"] };
    }
    throw err; // NEXT_REDIRECT on success
  }
  return {};
}

export async function signInWithOidc(form: FormData): Promise<void> {
  const next = safeNext(String(form.get("next") ?? ""));
  await signIn("oidc", { redirectTo: `/sign-in/verify${next ? `?next=${encodeURIComponent(next)}` : ""}` });
}

const ZCode = z.object({ code: z.string().trim().min(1).max(64), next: z.string().max(2048).optional() });

async function pending() {
  const result = await currentSession();
  if (!result.ok) redirect(`/sign-in?ended=${result.reason}`);
  return result.session;
}

export async function verifyCode(_prev: FormState, form: FormData): Promise<FormState> {
  const input = ZCode.safeParse({ code: form.get("code"), next: form.get("next") ?? undefined });
  if (!input.success) return { error: "Enter the 6-digit code from your authenticator app, or a recovery code." };
  const session = await pending();
  if (session.stage === "ACTIVE") redirect(safeNext(input.data.next) ?? "/queue");
  let recoveryLeft: number | null = null;
  try {
    const res = await verifySecondFactor({ session, code: input.data.code, request: await currentRequest() });
    await setSessionCookie(res.token);
    if (res.usedRecoveryCode) recoveryLeft = res.recoveryCodesLeft;
  } catch (err) {
    if (isAppError(err)) {
      if (err.details?.locked) redirect("/sign-in?ended=locked");
      return { error: err.message };
    }
    throw err;
  }
  redirect(recoveryLeft !== null ? `/account?recovery_left=${recoveryLeft}` : (safeNext(input.data.next) ?? "/queue"));
}

export interface EnrolState extends FormState {
  recoveryCodes?: string[];
}

export async function confirmEnrol(_prev: EnrolState, form: FormData): Promise<EnrolState> {
  const input = ZCode.safeParse({ code: form.get("code") });
  if (!input.success) return { error: "Enter the 6-digit code your app shows." };
  const session = await pending();
  if (session.stage !== "MFA_ENROL") redirect("/queue");
  try {
    const { recoveryCodes, token } = await confirmEnrolment({ session, code: input.data.code, request: await currentRequest() });
    await setSessionCookie(token);
    return { recoveryCodes };
  } catch (err) {
    if (isAppError(err)) {
      if (err.details?.locked) redirect("/sign-in?ended=locked");
      return { error: err.message };
    }
    throw err;
  }
}

/** Ends the caller's session (also a half-finished sign-in) and clears the cookie. */
export async function signOutAction(): Promise<void> {
  const { actor, request } = await actionContext();
  const result = await currentSession();
  if (result.ok) {
    const s = result.session;
    await signOut({ actor: actor.type === "STAFF" ? actor : { type: "STAFF", id: s.staff.id, role: s.staff.role, sessionId: s.sessionId }, request });
  }
  await authJsSignOut({ redirectTo: "/sign-in?ended=signed_out" });
}

const ZStepUp = z.union([z.object({ password: z.string().min(1).max(1024) }), z.object({ code: z.string().trim().min(6).max(16) })]);

/** Step-up: confirm the password or a TOTP code; unlocks step-up actions for a few minutes. */
export async function confirmStepUpAction(input: { password: string } | { code: string }) {
  return runAction(async ({ actor, request }) => {
    const parsed = ZStepUp.safeParse(input);
    if (!parsed.success) throw new AppError("INVALID_INPUT", "Enter your password or an authenticator code.");
    const res = await confirmStepUp({ actor, request, ...parsed.data });
    return { steppedUpAt: res.steppedUpAt.toISOString() };
  });
}
