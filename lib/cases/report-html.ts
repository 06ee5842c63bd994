import type { CaseReport, ReportDocument } from "./report";
import { REPORT_CSS } from "./report-style";

// The case report as HTML: one renderer for the console page, the API (format=html) and the PDF,
// so the three always say the same thing. Every interpolated value is escaped by `html` unless it
// is itself `html` output; there is no other way to put text in.

class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeText = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

function part(v: unknown): string {
  if (v === null || v === undefined || v === false) return "";
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(part).join("");
  return escapeText(String(v));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

const dt = (iso: string | null | undefined) => (iso ? `${iso.replace("T", " ").slice(0, 19)} UTC` : "—");
const or = (v: string | number | null | undefined) => (v === null || v === undefined || v === "" ? "—" : v);
const json = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(v));

function rows(pairs: [string, unknown][]): SafeHtml {
  return html`<dl class="kv">${pairs.map(([k, v]) => html`<dt>${k}</dt><dd>${v instanceof SafeHtml ? v : or(v as string)}</dd>`)}</dl>`;
}

export interface ReportHtmlOptions {
  /** Where a shown photo's <img> points (the audited image route); unused when photos are redacted. */
  imageUrl?: (documentId: string) => string;
}

function documentCard(d: ReportDocument, report: CaseReport, opts: ReportHtmlOptions): SafeHtml {
  const meta = rows([
    ["Side", d.side],
    ["Verdict", d.verdict],
    ["SHA-256", html`<code>${d.sha256}</code>`],
    ["Pixels", d.width && d.height ? `${d.width} × ${d.height}` : "—"],
    ["Type", d.sniffedType],
    ["Size", `${d.sizeBytes.toLocaleString("en")} bytes`],
    ["Received", dt(d.receivedAt)],
  ]);
  const shown = report.photos === "shown" && !d.purged && d.verdict === "ACCEPTED" && opts.imageUrl;
  const picture = shown
    ? html`<img class="photo" src="${opts.imageUrl!(d.id)}" alt="ID photo, ${d.side.toLowerCase()} side">`
    : html`<div class="redacted" role="img" aria-label="ID photo redacted">${d.purged ? "Purged (retention)" : "Redacted"}<br><span>${d.side} · ${d.width ?? "?"} × ${d.height ?? "?"}</span></div>`;
  return html`<figure class="doc">${picture}<figcaption>${meta}</figcaption></figure>`;
}

/** The report's body (no <html>/<head>): the console page puts it inside its own layout. */
export function renderCaseReportBody(report: CaseReport, opts: ReportHtmlOptions = {}): string {
  const { detail } = report;
  const c = detail.case;
  const a = detail.account;
  const body = html`
<header class="report-head">
  <p class="eyebrow">Gatehouse · case report</p>
  <h1>${c.ref}</h1>
  <p class="meta">Generated ${dt(report.generatedAt)} by staff ${report.generatedBy.id} (${report.generatedBy.role}) · recorded as audit entry #${report.reportEntry.seq} <code>${report.reportEntry.hash}</code></p>
  <p class="meta">ID photos: ${report.photos === "shown" ? "shown (each view is audited)" : "redacted — metadata and SHA-256 only"}${report.photosRefused ? " (you may not view ID photos)" : ""}.</p>
</header>
<section><h2>Case</h2>${rows([
    ["Status", c.status],
    ["Priority", c.priority],
    ["Risk flags", c.riskFlags.join(", ") || "none"],
    ["Opened", dt(c.createdAt)],
    ["SLA due", dt(c.slaDueAt)],
    ["Assignee", c.assignee ? `${c.assignee.name} (${c.assignee.id})` : "—"],
    ["Decided", c.decidedAt ? `${dt(c.decidedAt)} by ${c.decidedBy ? `${c.decidedBy.name} (${c.decidedBy.id})` : "—"}` : "—"],
    ["Reject reasons", c.rejectReasons.join(", ") || "—"],
    ["Decision note", c.decisionNote],
    ["Reopened", dt(c.reopenedAt)],
  ])}</section>
<section><h2>Account (KYC)</h2>${rows([
    ["Account uid", a.uid],
    ["Real name", a.realName],
    ["KYC status", `${a.kycStatus}${a.verified ? " (verified)" : ""}`],
    ["ID bound to another account", a.idConflict ? "YES" : "no"],
    ["Bound email", a.email],
    ["Bound phone", a.phone],
  ])}</section>
<section><h2>Device under review</h2>${
    detail.device
      ? rows([
          ["Device id", detail.device.externalId],
          ["Platform / model", `${detail.device.platform} / ${detail.device.model ?? "—"}`],
          ["App version", detail.device.appVersion],
          ["Status", detail.device.status],
          ["Last login", dt(detail.device.lastLoginAt)],
        ])
      : html`<p>None.</p>`
  }</section>
<section><h2>Decisions</h2>${
    report.decisions.length
      ? html`<table><thead><tr><th>Entry</th><th>Time</th><th>By</th><th>Decision</th><th>Status</th><th>Reason codes</th></tr></thead><tbody>${report.decisions.map(
          (d) => html`<tr><td>#${d.seq}</td><td>${dt(d.at)}</td><td>${or(d.actorId)} ${d.actorRole ? `(${d.actorRole})` : ""}</td><td>${d.decision}${d.override ? " (override)" : ""}</td><td>${d.statusBefore} → ${d.statusAfter}</td><td>${d.reasonCodes.join(", ") || "—"}</td></tr>`,
        )}</tbody></table>`
      : html`<p>No decision recorded.</p>`
  }</section>
<section><h2>ID documents</h2>${detail.documents.length ? html`<div class="docs">${report.documents.map((d) => documentCard(d, report, opts))}</div>` : html`<p>None received.</p>`}</section>
<section class="timeline"><h2>Timeline</h2><table><thead><tr><th>Time</th><th>Event</th><th>By</th><th>Details</th></tr></thead><tbody>${detail.timeline.map(
    (e) => html`<tr><td>${dt(e.createdAt)}</td><td>${e.type}</td><td>${e.actor ? e.actor.name : "system"}</td><td class="mono">${json(e.data)}</td></tr>`,
  )}</tbody></table></section>
<section><h2>Internal notes</h2>${
    detail.notes.length
      ? html`<ol class="notes">${detail.notes.map((n) => html`<li><p class="meta">${dt(n.createdAt)} · ${n.author.name}</p><p class="note">${n.body}</p></li>`)}</ol>`
      : html`<p>None.</p>`
  }</section>
<section class="audit"><h2>Audit entries (${report.audit.length})</h2><table><thead><tr><th>Seq</th><th>Time</th><th>Actor</th><th>Action</th><th>Outcome</th><th>Hash / previous hash</th></tr></thead><tbody>${report.audit.map(
    (e) =>
      html`<tr><td>#${e.seq}</td><td>${dt(e.occurredAt)}</td><td>${e.actorType}${e.actorRole ? ` ${e.actorRole}` : ""}<br><span class="mono">${or(e.actorId)}</span></td><td>${e.action}</td><td>${e.outcome}</td><td class="mono hash">${e.hash}<br>${e.prevHash}</td></tr>`,
  )}</tbody></table>
<p class="meta">Check these hashes against the chain: <code>npm run gatehouse -- audit verify</code>.</p></section>`;
  return body.value;
}

/** A complete, self-contained document (inline CSS, no scripts, no external requests unless photos are shown). */
export function renderCaseReportDocument(report: CaseReport, opts: ReportHtmlOptions = {}): string {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Case report ${report.detail.case.ref}</title><style>${new SafeHtml(REPORT_CSS)}</style></head><body><main class="case-report">${new SafeHtml(renderCaseReportBody(report, opts))}</main></body></html>`.value;
}
