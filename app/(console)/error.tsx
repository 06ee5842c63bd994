"use client";

import { ErrorPanel } from "@/components/feedback/error-panel";

// Rendered inside the console layout, so the header and nav stay usable when one page fails.
export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorPanel error={error} retry={retry} />;
}
