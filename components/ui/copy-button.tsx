"use client";

import { useState } from "react";
import { Button } from "./button";

export type CopyState = "idle" | "copied" | "failed";

/** Copies `text` to the clipboard on `copy()`; `state` says whether it worked. */
export function useCopyToClipboard(text: string): { state: CopyState; copy: () => Promise<void> } {
  const [state, setState] = useState<CopyState>("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  }

  return { state, copy };
}

/** Copies `text` to the clipboard and says whether it worked (politely, for screen readers). */
export function CopyButton({ text, label, describedBy }: { text: string; label: string; describedBy?: string }) {
  const { state, copy } = useCopyToClipboard(text);

  return (
    <span className="inline-flex items-center gap-3">
      <Button variant="secondary" onClick={copy} aria-describedby={describedBy}>
        {label}
      </Button>
      <span aria-live="polite" className="text-sm">
        {state === "copied" ? "Copied." : state === "failed" ? "Copying failed: select the text and copy it by hand." : ""}
      </span>
    </span>
  );
}
