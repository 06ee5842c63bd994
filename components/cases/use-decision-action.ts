"use client";

import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { useStepUp } from "@/components/auth/use-step-up";
import type { ActionResult } from "@/lib/http/action-result";
import { errorText } from "./use-case-action";

/** What the decision panel shows above its buttons after an action. */
export type DecisionFeedback = { tone: "ok" | "error" | "conflict"; text: string } | null;

/** A form's view of one attempt: done, refused (the form shows why), or stale (the panel shows the conflict). */
export type Attempt = { ok: true } | { ok: false; conflict: boolean; message: string };

/**
 * Runs one decision server action through the step-up hook (the server answers STEP_UP_REQUIRED
 * when the password/TOTP confirmation is older than 5 minutes; the dialog asks, the call is retried
 * once). A 409 becomes the panel's conflict alert; success re-renders the page from the server.
 */
export function useDecisionAction(): {
  perform: <T>(key: string, call: () => Promise<ActionResult<T>>, done: (data: T) => string) => Promise<Attempt>;
  pending: string | null;
  feedback: DecisionFeedback;
  clear: () => void;
  stepUpDialog: ReactNode;
} {
  const router = useRouter();
  const { run, dialog } = useStepUp();
  const [pending, setPending] = useState<string | null>(null);
  const [feedback, setFeedback] = useState<DecisionFeedback>(null);

  async function perform<T>(key: string, call: () => Promise<ActionResult<T>>, done: (data: T) => string): Promise<Attempt> {
    setPending(key);
    setFeedback(null);
    try {
      const res = await run(call);
      if (!res.ok) {
        const conflict = res.error.code === "CONFLICT";
        if (conflict) setFeedback({ tone: "conflict", text: res.error.message });
        return { ok: false, conflict, message: errorText(res.error) };
      }
      setFeedback({ tone: "ok", text: done(res.data) });
      router.refresh();
      return { ok: true };
    } catch {
      return { ok: false, conflict: false, message: "The request did not reach the server. Check your connection and try again." };
    } finally {
      setPending(null);
    }
  }

  return { perform, pending, feedback, clear: () => setFeedback(null), stepUpDialog: dialog };
}
