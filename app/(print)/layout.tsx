import type { ReactNode } from "react";

// Printable pages: no console header, navigation or chrome — just the document on white. Each
// page checks the session and its permission itself (pageSession), as console pages do.
export default function PrintLayout({ children }: { children: ReactNode }) {
  return <div className="min-h-dvh bg-white print:bg-white">{children}</div>;
}
