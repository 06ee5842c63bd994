"use client";

import { useState } from "react";
import { Button } from "./button";

/**
 * A button that asks once more before a consequential action ("Disable" → "Yes, disable" / "Cancel"),
 * inline rather than window.confirm so it is styled, testable and keyboard-friendly.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  question,
  busy,
  disabled,
  onConfirm,
}: {
  label: string;
  confirmLabel: string;
  question: string;
  busy?: boolean;
  disabled?: boolean;
  onConfirm: () => void | Promise<unknown>;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button variant="secondary" disabled={disabled || busy} onClick={() => setAsking(true)}>
        {busy ? "Working…" : label}
      </Button>
    );
  }
  return (
    <span role="group" aria-label={question} className="inline-flex flex-wrap items-center gap-2 rounded-md bg-amber-50 px-2 py-1 ring-1 ring-amber-300">
      <span className="text-sm text-amber-900">{question}</span>
      <Button
        autoFocus
        onClick={async () => {
          setAsking(false);
          await onConfirm();
        }}
      >
        {confirmLabel}
      </Button>
      <Button variant="secondary" onClick={() => setAsking(false)}>
        Cancel
      </Button>
    </span>
  );
}
