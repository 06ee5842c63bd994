export type ActionStatusValue = { tone: "ok" | "error"; text: string } | null;

/** The outcome of the last action, announced to screen readers. */
export function ActionStatus({ status }: { status: ActionStatusValue }) {
  return (
    <div aria-live="polite">
      {status ? (
        <p
          role={status.tone === "error" ? "alert" : "status"}
          className={`rounded-md border px-4 py-3 text-sm ${status.tone === "error" ? "border-red-300 bg-red-50 text-red-900" : "border-emerald-300 bg-emerald-50 text-emerald-900"}`}
        >
          {status.text}
        </p>
      ) : null}
    </div>
  );
}
