import type { ReactNode } from "react";
import type { AuditEntryRow } from "@/lib/audit/search";
import { changesOf } from "./labels";

// One entry in full: the before/after summary, the rest of its data, where the request came from,
// and its place in the hash chain (prevHash → hash) for checking against an export or a verify run.

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-2">
      <dt className="text-slate-500">{term}</dt>
      <dd className="min-w-0 break-all text-slate-800">{children}</dd>
    </div>
  );
}

export function EntryDetail({ entry }: { entry: AuditEntryRow }) {
  const { changes, rest } = changesOf(entry.data);
  return (
    <div className="grid gap-4 text-xs lg:grid-cols-2">
      <section aria-label={`Entry ${entry.seq}: data`} className="space-y-2">
        {changes.length ? (
          <table className="text-xs">
            <caption className="sr-only">Before and after</caption>
            <thead>
              <tr className="text-left text-slate-500">
                <th scope="col" className="pr-4 font-medium">Field</th>
                <th scope="col" className="pr-4 font-medium">Before</th>
                <th scope="col" className="font-medium">After</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c) => (
                <tr key={c.field}>
                  <th scope="row" className="pr-4 text-left font-normal text-slate-600">{c.field}</th>
                  <td className="pr-4 font-mono text-slate-800">{c.before}</td>
                  <td className="font-mono text-slate-900">{c.after}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <dl className="space-y-1">
          {rest.map(([k, v]) => (
            <Row key={k} term={k}>
              <span className="font-mono">{v}</span>
            </Row>
          ))}
        </dl>
      </section>
      <section aria-label={`Entry ${entry.seq}: request and chain`}>
        <dl className="space-y-1">
          <Row term="Actor id">
            <span className="font-mono">{entry.actor.id ?? "—"}</span>
          </Row>
          {entry.target ? (
            <Row term="Target">
              <span className="font-mono">
                {entry.target.type} {entry.target.id}
              </span>
            </Row>
          ) : null}
          <Row term="IP address">{entry.ip ?? "—"}</Row>
          <Row term="User agent">{entry.userAgent ?? "—"}</Row>
          <Row term="Request id">
            <span className="font-mono">{entry.requestId ?? "—"}</span>
          </Row>
          <Row term="Previous hash">
            <span className="font-mono">{entry.prevHash}</span>
          </Row>
          <Row term="Hash">
            <span className="font-mono">{entry.hash}</span>
          </Row>
        </dl>
      </section>
    </div>
  );
}
