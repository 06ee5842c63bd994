import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { ConsoleNav } from "@/components/shell/console-nav";
import { SkipLink } from "@/components/shell/skip-link";
import { pageSession } from "@/lib/auth/current";
import { roleHas, type Permission } from "@/lib/auth/permissions";

// The signed-in console. The layout needs an ACTIVE session (else: sign-in or MFA); every page and
// action checks again with its own permission — layouts are not re-run on client navigation.
const SECTIONS: [string, Permission][] = [
  ["/", "queue.read"],
  ["/queue", "queue.read"],
  ["/inbound", "inbound.read"],
  ["/accounts", "account.read"],
  ["/audit", "audit.read"],
  ["/admin", "staff.read"],
];

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const { session } = await pageSession();
  const sections = SECTIONS.filter(([, p]) => roleHas(session.staff.role, p)).map(([href]) => href);
  return (
    <>
      <SkipLink />
      <div className="flex min-h-dvh flex-col">
        <AppHeader staff={{ name: session.staff.name, role: session.staff.role }} />
        <div className="flex flex-1 flex-col md:flex-row">
          <ConsoleNav sections={sections} />
          <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 focus:outline-none sm:px-8 sm:py-8">
            <div className="mx-auto max-w-6xl">{children}</div>
          </main>
        </div>
      </div>
    </>
  );
}
