import Link from "next/link";
import { Wordmark } from "@/components/brand/logo";

/** The product bar. The right side will carry the signed-in staff member and role once staff auth lands. */
export function AppHeader() {
  return (
    <header className="bg-brand-950 text-white">
      <div className="flex h-14 items-center justify-between gap-4 px-4 sm:px-6">
        <div className="flex items-center gap-4">
          <Link href="/queue" className="rounded-sm" aria-label="Gatehouse home">
            <Wordmark tone="light" />
          </Link>
          <span className="hidden h-5 w-px bg-white/20 sm:block" aria-hidden="true" />
          <p className="hidden text-sm text-brand-200 sm:block">Device authorisation review</p>
        </div>
        <div className="flex items-center gap-3 text-sm">
          <span className="hidden text-brand-200 sm:inline">Not signed in</span>
          <Link
            href="/sign-in"
            className="rounded-md border border-white/25 px-3 py-1.5 font-medium text-white hover:bg-white/10"
          >
            Sign in
          </Link>
        </div>
      </div>
    </header>
  );
}
