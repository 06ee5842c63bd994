import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";

export interface SessionRowView {
  id: string;
  method: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastActiveAt: Date;
  expiresAt: Date;
  /** Marks the session the viewer is using. */
  current?: boolean;
}

/**
 * Active sessions as a table: for the member themselves (account page) and for administrators
 * (a member's page, with expiry and a per-row action).
 */
export function SessionTable<S extends SessionRowView>({
  sessions,
  showExpiry = false,
  action,
}: {
  sessions: S[];
  showExpiry?: boolean;
  /** Renders the last cell of each row; the column exists only when given. */
  action?: (session: S) => ReactNode;
}) {
  // The administrators' table has more columns, so the browser column gets less room.
  const browserWidth = showExpiry ? "max-w-40" : "max-w-xs";
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2 font-semibold">Signed in</th>
            <th scope="col" className="px-3 py-2 font-semibold">Method</th>
            <th scope="col" className="px-3 py-2 font-semibold">IP address</th>
            <th scope="col" className="px-3 py-2 font-semibold">Browser</th>
            <th scope="col" className="px-3 py-2 font-semibold">Last active</th>
            {showExpiry ? <th scope="col" className="px-3 py-2 font-semibold">Expires</th> : null}
            {action ? <th scope="col" className="px-3 py-2 font-semibold"><span className="sr-only">Actions</span></th> : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sessions.map((s) => (
            <tr key={s.id} aria-current={s.current ? "true" : undefined}>
              <td className="px-3 py-2 whitespace-nowrap">
                {formatDateTime(s.createdAt)}
                {s.current ? (
                  <>
                    {" "}
                    <Badge tone="brand">This session</Badge>
                  </>
                ) : null}
              </td>
              <td className="px-3 py-2">{s.method === "OIDC" ? "Single sign-on" : "Password"}</td>
              <td className="px-3 py-2 font-mono text-xs">{s.ip ?? "—"}</td>
              <td className={`${browserWidth} truncate px-3 py-2 text-xs text-slate-600`} title={s.userAgent ?? undefined}>
                {s.userAgent ?? "—"}
              </td>
              <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(s.lastActiveAt)}</td>
              {showExpiry ? <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(s.expiresAt)}</td> : null}
              {action ? <td className="px-3 py-2 text-right">{action(s)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
