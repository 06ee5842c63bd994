import type { Metadata } from "next";
import { Wordmark } from "@/components/brand/logo";
import { SignInForm } from "@/components/auth/sign-in-form";
import { FormError } from "@/components/auth/form-error";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { oidcProvider } from "@/auth";
import { safeNext } from "@/lib/auth/next-path";
import { signInWithOidc } from "./actions";

export const metadata: Metadata = { title: "Sign in" };

// Why the visitor is here again (?ended=…, set by the session checks) or why SSO refused them.
const ENDED: Record<string, string> = {
  idle: "You were signed out after a period without activity. Sign in again.",
  expired: "Your session reached its maximum length. Sign in again.",
  revoked: "Your session was ended. Sign in again.",
  superseded: "Your sessions were ended (signed out everywhere, or your role or access changed). Sign in again.",
  disabled: "This staff account is disabled. Ask an administrator.",
  signed_out: "You are signed out.",
  locked: "Too many wrong codes: the account is locked for 15 minutes. An administrator can unlock it sooner.",
};
const ERRORS: Record<string, string> = {
  oidc_not_staff: "Single sign-on worked, but that email is not a Gatehouse staff member. Ask an administrator to add you.",
  oidc_email_unverified: "Your identity provider did not confirm that email address, so it cannot be used to sign in.",
  oidc_disabled: "This staff account is disabled. Ask an administrator.",
  oidc_locked: "This account is locked after too many failed attempts. Try again later, or ask an administrator.",
  AccessDenied: "Single sign-on refused this sign-in.",
  Configuration: "Single sign-on is not available right now. Use your password, or try again later.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const one = (k: string) => (typeof params[k] === "string" ? (params[k] as string) : undefined);
  const next = safeNext(one("next")) ?? undefined;
  const ended = ENDED[one("ended") ?? ""];
  const error = ERRORS[one("error") ?? ""] ?? (one("error") ? "Sign-in did not complete. Try again." : undefined);
  return (
    <div className="space-y-8">
      <div className="lg:hidden">
        <Wordmark />
      </div>
      <div className="space-y-1.5">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Sign in to Gatehouse</h1>
        <p className="text-sm text-slate-600">Use your staff account. You will confirm with your authenticator app next.</p>
      </div>
      {ended ? <Notice title="Signed out">{ended}</Notice> : null}
      <FormError message={error} />
      <SignInForm next={next} />
      {oidcProvider ? (
        <form action={signInWithOidc} className="space-y-3 border-t border-slate-200 pt-6">
          {next ? <input type="hidden" name="next" value={next} /> : null}
          <Button type="submit" variant="secondary" className="w-full">
            Continue with {oidcProvider.name}
          </Button>
        </form>
      ) : null}
    </div>
  );
}
