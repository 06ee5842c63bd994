"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionStatusValue } from "@/components/ui/action-status";
import type { ActionResult } from "@/lib/http/action-result";

/** The message to show for a refused or failed action (the request id only for unexpected errors). */
export function errorText(error: { code: string; message: string; requestId?: string }): string {
  return error.code === "INTERNAL" && error.requestId ? `${error.message} (${error.requestId})` : error.message;
}

/**
 * Runs one case server action and shows its outcome. `done` returns the success text, or null when
 * it navigates away instead; on success the page re-renders from the server.
 */
export function useCaseAction(): {
  perform: <T>(call: () => Promise<ActionResult<T>>, done: (data: T) => string | null) => Promise<boolean>;
  pending: boolean;
  status: ActionStatusValue;
  setStatus: (s: ActionStatusValue) => void;
} {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<ActionStatusValue>(null);

  async function perform<T>(call: () => Promise<ActionResult<T>>, done: (data: T) => string | null): Promise<boolean> {
    setPending(true);
    setStatus(null);
    try {
      const res = await call();
      if (!res.ok) {
        setStatus({ tone: "error", text: errorText(res.error) });
        return false;
      }
      const text = done(res.data);
      if (text !== null) {
        setStatus({ tone: "ok", text });
        router.refresh();
      }
      return true;
    } catch {
      setStatus({ tone: "error", text: "The request did not reach the server. Check your connection and try again." });
      return false;
    } finally {
      setPending(false);
    }
  }

  return { perform, pending, status, setStatus };
}
