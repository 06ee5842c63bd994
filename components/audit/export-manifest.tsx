import type { ExportManifest } from "@/lib/audit/export";
import { formatDateTime } from "@/components/ui/format";

const ORDER = ["from", "to", "case", "action", "actor", "account", "outcome"];
const NAMES: Record<string, string> = { from: "from", to: "before", case: "cases", action: "actions" };
// Midnight UTC reads as a date; anything else keeps its time.
const when = (v: string) => (/T00:00:00(\.000)?Z$/.test(v) ? v.slice(0, 10) : v);

/** Filters as people read them, in a fixed order: "from 2026-11-01 · before 2026-12-08 · cases GH-000123". */
export function describeFilters(filters: Record<string, string>): string {
  const keys = Object.keys(filters).sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));
  return keys.map((k) => `${NAMES[k] ?? k} ${k === "from" || k === "to" ? when(filters[k]) : filters[k]}`).join(" · ");
}

/** The manifest of a finished export: what an auditor hands a regulator with the file. */
export function ExportManifestView({ manifest }: { manifest: ExportManifest }) {
  const items: [string, string][] = [
    ["Rows", manifest.rows.toLocaleString("en")],
    ["Size", `${manifest.bytes.toLocaleString("en")} bytes`],
    ["First entry", manifest.firstSeq ?? "—"],
    ["Last entry", manifest.lastSeq ?? "—"],
    ["Chain head", manifest.chainHead ? `#${manifest.chainHead.seq} ${manifest.chainHead.hash}` : "—"],
    ["File SHA-256", manifest.sha256],
    ["Filters", describeFilters(manifest.filters) || "none"],
    ["Finished", formatDateTime(manifest.finishedAt)],
  ];
  return (
    <details className="mt-3 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm">
      <summary className="cursor-pointer font-medium text-slate-800">Manifest</summary>
      <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[10rem_1fr]">
        {items.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500">{k}</dt>
            <dd className="font-mono text-xs break-all text-slate-900">{v}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
