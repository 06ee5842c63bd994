"use client";

import { useEffect, useRef } from "react";
import { typing } from "./use-queue-keys";

/** Single keys on the case page mapped to handlers; a missing handler leaves the key alone. */
export type CaseKeyHandlers = Partial<Record<"a" | "r" | "s" | "e" | "?", () => void>>;

/**
 * The case page's shortcuts: a approve, r reject, s request resubmission, e escalate (each opens
 * its form, never submits), ? help. Ignored while typing in a field, inside an open dialog, or
 * with a modifier key held (Shift only for "?").
 */
export function useCaseKeys(handlers: CaseKeyHandlers): void {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.repeat || typing(e.target)) return;
      if (e.shiftKey && e.key !== "?") return;
      const handler = ref.current[e.key as keyof CaseKeyHandlers];
      if (!handler) return;
      e.preventDefault();
      handler();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
