import Link from "next/link";
import { signOutAction } from "@/app/(auth)/sign-in/actions";
import { Wordmark } from "@/components/brand/logo";

const ROLE_LABEL: Record<string, string> = { AGENT: "Agent", SUPERVISOR: "Supervisor", AUDITOR: "Auditor", ADMIN: "Administrator" };

/** The product bar, with the signed-in staff member, their role, their account page and sign-out. */
export function AppHeader({ staff }: { staff: { name: string; role: string } }) {
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
          <Link href="/account" className="rounded-md px-2 py-1 hover:bg-white/10" aria-label={`Your account: ${staff.name}, ${ROLE_LABEL[staff.role] ?? staff.role}`}>
            <span data-testid="signed-in-name" className="font-medium">
              {staff.name}
            </span>{" "}
            <span className="text-brand-200">· {ROLE_LABEL[staff.role] ?? staff.role}</span>
          </Link>
          <form action={signOutAction}>
            <button type="submit" className="rounded-md border border-white/25 px-3 py-1.5 font-medium text-white hover:bg-white/10">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
