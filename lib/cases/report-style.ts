// The case report's stylesheet: inline in the document (the PDF renders with no network), and
// in a nonced <style> on the console page. Print first: A4, black on white, no console chrome.
export const REPORT_CSS = `
.case-report { font: 12px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #0f172a; max-width: 60rem; margin: 0 auto; padding: 1.5rem; background: #fff; }
.case-report h1 { font-size: 22px; margin: 0 0 .25rem; }
.case-report h2 { font-size: 15px; margin: 1.5rem 0 .5rem; padding-bottom: .25rem; border-bottom: 1px solid #cbd5e1; }
.case-report .eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: 10px; color: #475569; margin: 0; }
.case-report .meta { color: #475569; font-size: 11px; margin: .15rem 0; }
.case-report code, .case-report .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 10px; word-break: break-all; }
.case-report .kv { display: grid; grid-template-columns: 12rem 1fr; gap: .2rem 1rem; margin: 0; }
.case-report .kv dt { color: #475569; }
.case-report .kv dd { margin: 0; }
.case-report table { width: 100%; border-collapse: collapse; font-size: 11px; }
.case-report th, .case-report td { text-align: left; vertical-align: top; border-bottom: 1px solid #e2e8f0; padding: .25rem .4rem; }
.case-report thead th { background: #f1f5f9; }
.case-report tr { break-inside: avoid; }
.case-report .hash { max-width: 22rem; }
.case-report .docs { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 1rem; }
.case-report .doc { margin: 0; border: 1px solid #e2e8f0; border-radius: 6px; padding: .5rem; break-inside: avoid; }
.case-report .doc .kv { grid-template-columns: 5rem 1fr; font-size: 11px; }
.case-report .redacted { height: 9rem; background: #cbd5e1; color: #1e293b; display: flex; flex-direction: column; align-items: center; justify-content: center; font-weight: 600; border-radius: 4px; margin-bottom: .5rem; text-align: center; }
.case-report .redacted span { font-weight: 400; font-size: 11px; }
.case-report .photo { width: 100%; height: auto; border-radius: 4px; margin-bottom: .5rem; }
.case-report .notes { padding-left: 1.2rem; }
.case-report .note { white-space: pre-wrap; margin: 0 0 .5rem; }
@page { size: A4; margin: 14mm; }
@media print {
  .no-print { display: none !important; }
  .case-report { padding: 0; max-width: none; }
  .case-report section { break-inside: auto; }
}
`;
