"use client";

import { ErrorPanel } from "@/components/feedback/error-panel";

// Errors outside the console shell (sign-in, root). Console pages have their own boundary that keeps the nav.
export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-xl items-center px-4">
      <ErrorPanel error={error} retry={retry} />
    </main>
  );
}
