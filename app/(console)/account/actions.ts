"use server";

import { signOut as authJsSignOut } from "@/auth";
import { createApiToken, revokeApiToken, type TCreateApiTokenInput } from "@/lib/auth/api-tokens";
import { runAction } from "@/lib/auth/current";
import { regenerateRecoveryCodes } from "@/lib/auth/second-factor";
import { signOutEverywhere } from "@/lib/auth/sign-out";
import { AppError } from "@/lib/errors";

// The signed-in member's own account. Every export is callable from the internet: each runs as
// the caller's session (ANONYMOUS without one) and the use case checks what it may do.

/** Creates a personal API token; the value is in the result, once. Needs a recent step-up. */
export async function createTokenAction(input: TCreateApiTokenInput) {
  return runAction(({ actor, request }) => createApiToken(actor, input, { request, via: "console" }));
}

export async function revokeTokenAction(tokenId: string) {
  return runAction(({ actor, request }) => revokeApiToken(actor, { tokenId: String(tokenId) }, { request }));
}

/** Ends every session of the caller, this one included, and clears the cookie. */
export async function signOutEverywhereAction() {
  return runAction(async ({ actor, request }) => {
    await signOutEverywhere({ actor, request });
    await authJsSignOut({ redirectTo: "/sign-in?ended=signed_out" });
  });
}

/** New recovery codes (the old ones stop working), shown once. Needs a current TOTP code. */
export async function regenerateRecoveryCodesAction(code: string) {
  return runAction(async ({ actor, request }) => {
    if (actor.type !== "STAFF" || !actor.sessionId) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
    if (typeof code !== "string" || !/^\s*\d{3}\s?\d{3}\s*$/.test(code)) {
      throw new AppError("INVALID_INPUT", "Enter the current 6-digit code from your authenticator app.", { field: "code" });
    }
    return regenerateRecoveryCodes({ staffId: actor.id, role: actor.role, sessionId: actor.sessionId, code, request });
  });
}
