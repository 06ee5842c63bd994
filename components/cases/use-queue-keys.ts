"use client";

import { useEffect, useRef } from "react";

export type QueueKeyHandlers = { claim?: () => void; move: (by: 1 | -1) => void; open: () => boolean; help: () => void };

/** True when a key press belongs to a form control (or an open dialog), not to the page. */
export function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest("dialog[open]")) return true;
  return ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** Enter on a link or button already does something. */
const interactive = (target: EventTarget | null): boolean => target instanceof HTMLElement && !!target.closest("a, button, summary");

/**
 * The queue's single-key shortcuts: c claim next, j/k move the highlight, Enter open it, ? help.
 * Ignored while typing or with modifier keys held; Enter on a focused link or button keeps its own
 * meaning.
 */
export function useQueueKeys(handlers: QueueKeyHandlers): void {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const h = ref.current;
      if (e.key === "c" && h.claim) h.claim();
      else if (e.key === "j") h.move(1);
      else if (e.key === "k") h.move(-1);
      else if (e.key === "?") h.help();
      else if (e.key === "Enter") {
        if (interactive(e.target) || !h.open()) return;
      } else return;
      e.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
