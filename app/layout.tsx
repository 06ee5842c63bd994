import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { RequestIdProvider } from "@/components/feedback/request-id";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Gatehouse", template: "%s · Gatehouse" },
  description: "Support console for new-device logins that automatic checks could not settle.",
  // Internal staff tool: never indexed.
  robots: { index: false, follow: false },
};

export const viewport: Viewport = {
  themeColor: "#161a4b",
};

// Reading request headers makes every route dynamic, which the per-request CSP nonce requires
// (Next applies the nonce from proxy.ts only while rendering a request).
export default async function RootLayout({ children }: { children: ReactNode }) {
  const requestId = (await headers()).get("x-request-id");
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <RequestIdProvider requestId={requestId}>{children}</RequestIdProvider>
      </body>
    </html>
  );
}
