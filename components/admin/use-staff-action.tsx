"use client";

import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { useStepUp } from "@/components/auth/use-step-up";
import type { ActionStatusValue } from "@/components/ui/action-status";
import type { ActionResult } from "@/lib/http/action-result";

/**
 * Runs one staff.manage server action through the step-up hook, then re-renders the page from the
 * server. Holds what the UI shows: which action is running, the outcome message or the error.
 */
export function useStaffAction(): {
  perform: <T>(key: string, call: () => Promise<ActionResult<T>>, done: (data: T) => string) => Promise<boolean>;
  pending: string | null;
  status: ActionStatusValue;
  dialog: ReactNode;
} {
  const router = useRouter();
  const { run, dialog } = useStepUp();
  const [pending, setPending] = useState<string | null>(null);
  const [status, setStatus] = useState<ActionStatusValue>(null);

  async function perform<T>(key: string, call: () => Promise<ActionResult<T>>, done: (data: T) => string): Promise<boolean> {
    setPending(key);
    setStatus(null);
    try {
      const res = await run(call);
      if (!res.ok) {
        setStatus({ tone: "error", text: res.error.message });
        return false;
      }
      setStatus({ tone: "ok", text: done(res.data) });
      router.refresh();
      return true;
    } finally {
      setPending(null);
    }
  }

  return { perform, pending, status, dialog };
}
