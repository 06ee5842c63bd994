"use client";

import { useCallback, useRef, useState, type ReactNode } from "react";
import { confirmStepUpAction } from "@/app/(auth)/sign-in/actions";
import type { ActionResult } from "@/lib/http/action-result";
import { StepUpDialog } from "./step-up-dialog";

/**
 * Runs a server action; when it answers STEP_UP_REQUIRED, asks for the password or a TOTP code
 * in a dialog and retries once. The server decides what needs step-up — never this hook.
 */
export function useStepUp(): { run<T>(call: () => Promise<ActionResult<T>>): Promise<ActionResult<T>>; dialog: ReactNode } {
  const [open, setOpen] = useState(false);
  const settle = useRef<((confirmed: boolean) => void) | null>(null);

  const ask = () =>
    new Promise<boolean>((resolve) => {
      settle.current = resolve;
      setOpen(true);
    });

  const close = (confirmed: boolean) => {
    setOpen(false);
    settle.current?.(confirmed);
    settle.current = null;
  };

  const run = useCallback(async <T,>(call: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> => {
    const first = await call();
    if (first.ok || first.error.code !== "STEP_UP_REQUIRED") return first;
    return (await ask()) ? call() : first;
  }, []);

  const dialog = open ? <StepUpDialog onConfirm={confirmStepUpAction} onDone={close} /> : null;
  return { run, dialog };
}
