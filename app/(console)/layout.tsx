import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { ConsoleNav } from "@/components/shell/console-nav";
import { SkipLink } from "@/components/shell/skip-link";

// The signed-in console. Staff auth will gate it in each page/action (and proxy.ts will only
// redirect signed-out visitors); nothing here reads data yet.
export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SkipLink />
      <div className="flex min-h-dvh flex-col">
        <AppHeader />
        <div className="flex flex-1 flex-col md:flex-row">
          <ConsoleNav />
          <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 focus:outline-none sm:px-8 sm:py-8">
            <div className="mx-auto max-w-6xl">{children}</div>
          </main>
        </div>
      </div>
    </>
  );
}
