"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionStatusValue } from "@/components/ui/action-status";
import type { ActionResult } from "@/lib/http/action-result";

/**
 * Runs one inbound-email server action, shows its outcome (or the server's error message, which
 * says what state the email is in) and re-renders the page from the server.
 */
export function useInboundAction(): {
  perform: <T>(key: string, call: () => Promise<ActionResult<T>>, done: (data: T) => string) => Promise<boolean>;
  pending: string | null;
  status: ActionStatusValue;
} {
  const router = useRouter();
  const [pending, setPending] = useState<string | null>(null);
  const [status, setStatus] = useState<ActionStatusValue>(null);

  async function perform<T>(key: string, call: () => Promise<ActionResult<T>>, done: (data: T) => string): Promise<boolean> {
    setPending(key);
    setStatus(null);
    try {
      const res = await call();
      if (!res.ok) {
        setStatus({ tone: "error", text: res.error.requestId && res.error.code === "INTERNAL" ? `${res.error.message} (${res.error.requestId})` : res.error.message });
        return false;
      }
      setStatus({ tone: "ok", text: done(res.data) });
      router.refresh();
      return true;
    } catch {
      setStatus({ tone: "error", text: "The request did not reach the server. Check your connection and try again." });
      return false;
    } finally {
      setPending(null);
    }
  }

  return { perform, pending, status };
}
