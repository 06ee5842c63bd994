import type { Metadata } from "next";
import Link from "next/link";
import { Wordmark } from "@/components/brand/logo";
import { buttonClass } from "@/components/ui/button";
import { CompassIcon } from "@/components/ui/icons";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-xl flex-col justify-center gap-8 px-4">
      <Wordmark />
      <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-xs">
        <div className="flex items-start gap-4">
          <div className="flex size-10 shrink-0 items-center justify-center rounded-full bg-slate-100 text-slate-600">
            <CompassIcon className="size-5" />
          </div>
          <div className="space-y-3">
            <h1 className="text-lg font-semibold text-slate-900">Page not found</h1>
            <p className="text-sm text-slate-600">
              There is nothing at this address. If you followed a link to a case or account, it may have been mistyped, or
              you may not have access to it.
            </p>
            <Link href="/queue" className={buttonClass("primary")}>
              Go to the review queue
            </Link>
          </div>
        </div>
      </section>
    </main>
  );
}
