"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionStatusValue } from "@/components/ui/action-status";
import type { ActionResult } from "@/lib/http/action-result";

/** Runs one webhook server action, shows its outcome (or the server's message) and refreshes the page. */
export function useWebhookAction(): {
  perform: <T>(key: string, call: () => Promise<ActionResult<T>>, done: (data: T) => string) => Promise<T | null>;
  pending: string | null;
  status: ActionStatusValue;
} {
  const router = useRouter();
  const [pending, setPending] = useState<string | null>(null);
  const [status, setStatus] = useState<ActionStatusValue>(null);

  async function perform<T>(key: string, call: () => Promise<ActionResult<T>>, done: (data: T) => string): Promise<T | null> {
    setPending(key);
    setStatus(null);
    try {
      const res = await call();
      if (!res.ok) {
        setStatus({ tone: "error", text: res.error.code === "INTERNAL" && res.error.requestId ? `${res.error.message} (${res.error.requestId})` : res.error.message });
        return null;
      }
      setStatus({ tone: "ok", text: done(res.data) });
      router.refresh();
      return res.data;
    } catch {
      setStatus({ tone: "error", text: "The request did not reach the server. Check your connection and try again." });
      return null;
    } finally {
      setPending(null);
    }
  }

  return { perform, pending, status };
}
