import type { OutboundTemplate } from "../generated/prisma/enums";
import type { Locale } from "./locale";
import { multiLine, singleLine } from "./sanitize";
import { languagePacks } from "./templates";
import type { StoredVariables } from "./variables";

export interface RenderInput {
  template: OutboundTemplate;
  locale: Locale;
  variables: StoredVariables;
  /** GH-000123 when the email belongs to a case. */
  caseRef: string | null;
  /** The admin-edited EmailTemplate row; it replaces the English subject and text only. */
  override?: { subject: string; body: string } | null;
  limits: { maxFiles: number; maxFileBytes: number };
  supportAddress: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const SUBJECT_MAX = 200;

/** {{name}}, {{#name}}…{{/name}} (kept when non-empty) and {{^name}}…{{/name}} (kept when empty), not nested. Values are inserted once, never re-read as template text. */
export function fill(template: string, vars: Record<string, string>): string {
  return template
    .replace(/\{\{([#^])(\w+)\}\}([\s\S]*?)\{\{\/\2\}\}/g, (_, kind: string, key: string, inner: string) => ((vars[key] ? "#" : "^") === kind ? inner : ""))
    .replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => vars[key] ?? "");
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * The HTML part is the text part, escaped as a whole and laid out in paragraphs: no variable,
 * and no admin-edited text, can add markup.
 */
function toHtml(text: string, subject: string, locale: Locale): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 1em">${escapeHtml(p).replace(/\n/g, "<br>\n")}</p>`)
    .join("\n");
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:16px;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f2328">
<div style="max-width:600px">
${paragraphs}
</div>
</body>
</html>
`;
}

export function renderEmail(input: RenderInput): RenderedEmail {
  const pack = languagePacks[input.locale];
  const v = input.variables;
  const name = v.customerName ? singleLine(v.customerName) : null;
  // Unknown codes (a row queued by a newer version) and OTHER (worded as "") leave it to the agent's note.
  const reasons = [...new Set((v.reasonCodes ?? []).map((code) => (code in pack.reasons ? pack.reasons[code as keyof typeof pack.reasons] : "")).filter(Boolean))];
  const note = v.reasonNote ? multiLine(v.reasonNote) : "";
  const reasonText = [reasons.length ? `${reasons.join("; ")}.` : note ? "" : `${pack.noReason}.`, note].filter(Boolean).join(" ");
  const files = (v.fileNames ?? []).map((f) => singleLine(f, 80));
  const vars: Record<string, string> = {
    greeting: pack.greeting(name),
    customerName: name ?? "",
    caseRef: input.caseRef ?? "",
    deviceName: v.deviceName ? singleLine(v.deviceName) : pack.defaultDevice,
    slaHours: String(v.slaHours ?? 24),
    reasonText,
    files: pack.joinList(files.map(pack.quote)),
    fileName: files.join(", "),
    acceptedFiles: pack.acceptedFiles({ maxFiles: input.limits.maxFiles, maxFileMb: Math.floor(input.limits.maxFileBytes / (1024 * 1024)) }),
    maxFiles: String(input.limits.maxFiles),
    maxFileMb: String(Math.floor(input.limits.maxFileBytes / (1024 * 1024))),
    supportAddress: input.supportAddress,
  };

  const source = input.locale === "en" && input.override ? { subject: input.override.subject, text: input.override.body } : pack.templates[input.template];
  // Headers: every variable and the result on one line, so nothing can start a new header.
  const headerVars = Object.fromEntries(Object.entries(vars).map(([k, val]) => [k, singleLine(val, SUBJECT_MAX)]));
  let subject = singleLine(fill(source.subject, headerVars).replace(/\s*\[\s*\]/g, ""), SUBJECT_MAX);
  if (input.caseRef && !subject.includes(input.caseRef)) subject = `${subject} [${input.caseRef}]`;
  const text = `${fill(source.text, vars).replace(/\r\n?/g, "\n").trim()}\n`;
  return { subject, text, html: toHtml(text.trim(), subject, input.locale) };
}
