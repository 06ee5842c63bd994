"use client";

import { createContext, useContext, type ReactNode } from "react";

// The request id of the document load, so client error boundaries can show it to the agent.
// On client-side navigations it is the id of the first load; error.digest identifies the failing render.
const RequestIdContext = createContext<string | null>(null);

export function RequestIdProvider({ requestId, children }: { requestId: string | null; children: ReactNode }) {
  return <RequestIdContext.Provider value={requestId}>{children}</RequestIdContext.Provider>;
}

export function useRequestId(): string | null {
  return useContext(RequestIdContext);
}
