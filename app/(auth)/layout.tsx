import type { ReactNode } from "react";
import { Wordmark } from "@/components/brand/logo";
import { LockIcon } from "@/components/ui/icons";

// Signed-out pages: a brand panel beside a single card. No console nav here.
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="grid min-h-dvh lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
      <aside className="hidden flex-col justify-between bg-brand-950 p-10 text-white lg:flex">
        <Wordmark tone="light" />
        <div className="max-w-sm space-y-4">
          <p className="text-2xl leading-snug font-semibold">Settle new-device logins that automatic checks could not.</p>
          <p className="text-sm leading-relaxed text-brand-200">
            Review ID documents against the KYC record, inspect device history, and authorise or revoke devices — with every
            action on the audit trail.
          </p>
        </div>
        <p className="flex items-center gap-2 text-xs text-brand-300">
          <LockIcon className="size-4" />
          Staff only. Access is logged.
        </p>
      </aside>
      <main id="main" className="flex items-center justify-center px-4 py-12 sm:px-8">
        <div className="w-full max-w-sm">{children}</div>
      </main>
    </div>
  );
}
