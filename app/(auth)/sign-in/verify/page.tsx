import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CodeForm } from "@/components/auth/code-form";
import { Button } from "@/components/ui/button";
import { pendingSession } from "@/lib/auth/current";
import { safeNext } from "@/lib/auth/next-path";
import { signOutAction } from "../actions";

export const metadata: Metadata = { title: "Confirm it is you" };

export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const session = await pendingSession();
  const next = safeNext((await searchParams).next) ?? undefined;
  if (session.stage === "MFA_ENROL") redirect(`/sign-in/enrol${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  return (
    <div className="space-y-8">
      <div className="space-y-1.5">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Confirm it is you</h1>
        <p className="text-sm text-slate-600">
          Signing in as <span className="font-medium text-slate-900">{session.staff.email}</span>.
        </p>
      </div>
      <CodeForm next={next} />
      <form action={signOutAction}>
        <Button type="submit" variant="secondary" className="w-full">
          Cancel and sign out
        </Button>
      </form>
    </div>
  );
}
