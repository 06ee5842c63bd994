import type { Metadata } from "next";
import { Wordmark } from "@/components/brand/logo";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <div className="space-y-8">
      <div className="lg:hidden">
        <Wordmark />
      </div>
      <div className="space-y-1.5">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
          Sign in to Gatehouse
        </h1>
        <p className="text-sm text-slate-600">Use your staff account and the authenticator app enrolled for it.</p>
      </div>
      <SignInForm />
    </div>
  );
}
