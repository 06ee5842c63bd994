import type { EmailBody } from "@/lib/cases/case-context-bodies";

// One customer email's body. Text is rendered as text (React escapes it). HTML comes only from
// lib/intake/sanitize.ts (no scripts, styles, images, event handlers or classes; links open outside).

const box = "mt-2 max-h-80 overflow-auto rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-800";

const unavailableText: Record<Extract<EmailBody, { kind: "unavailable" }>["reason"], string> = {
  purged: "The message was deleted with the case's photos (retention); its sender, subject and attachment verdicts stay.",
  unreadable: "The stored message could not be read.",
  not_loaded: "Not shown: only the newest messages of a case are read here.",
};

/** `body` undefined: still loading; null: loading failed. */
export function EmailBodyView({ body }: { body: EmailBody | null | undefined }) {
  if (body === undefined) return <p className="mt-2 text-sm text-slate-500">Loading the message…</p>;
  if (body === null) return <p className="mt-2 text-sm text-slate-600">The message could not be loaded. Try again later.</p>;
  switch (body.kind) {
    case "text":
      return (
        <div className={`${box} break-words whitespace-pre-wrap`}>
          {body.text}
          {body.truncated ? <p className="mt-2 text-xs text-slate-500">Shortened here.</p> : null}
        </div>
      );
    case "html":
      return (
        <div className={box}>
          <p className="mb-2 text-xs text-slate-500">HTML message, cleaned: no images, styles or scripts.</p>
          {/* Sanitised by sanitizeEmailHtml (lib/intake/sanitize.ts) in getCaseEmailBodies. */}
          <div className="email-html space-y-2 break-words [&_a]:text-brand-700 [&_a]:underline" dangerouslySetInnerHTML={{ __html: body.html }} />
          {body.truncated ? <p className="mt-2 text-xs text-slate-500">Shortened here.</p> : null}
        </div>
      );
    case "empty":
      return <p className="mt-2 text-sm text-slate-500">No message text.</p>;
    case "unavailable":
      return (
        <p className="mt-2 text-sm text-slate-600">{unavailableText[body.reason]}</p>
      );
  }
}
