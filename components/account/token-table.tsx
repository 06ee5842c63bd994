"use client";

import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { formatDateTime, roleLabel } from "@/components/ui/format";
import type { ApiTokenView } from "@/lib/auth/api-tokens";

const statusBadge = {
  active: <Badge tone="emerald">Active</Badge>,
  revoked: <Badge tone="slate">Revoked</Badge>,
  expired: <Badge tone="amber">Expired</Badge>,
};

/** The member's tokens: prefix (never the token), role, lifetime and use; active ones can be revoked. */
export function TokenTable({ tokens, busyId, onRevoke }: { tokens: ApiTokenView[]; busyId: string | null; onRevoke: (t: ApiTokenView) => Promise<unknown> }) {
  if (tokens.length === 0) return <p className="text-sm text-slate-600">You have no API tokens.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Your API tokens</caption>
        <thead className="bg-slate-50 text-left text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2 font-semibold">Name</th>
            <th scope="col" className="px-3 py-2 font-semibold">Token</th>
            <th scope="col" className="px-3 py-2 font-semibold">Role</th>
            <th scope="col" className="px-3 py-2 font-semibold">Status</th>
            <th scope="col" className="px-3 py-2 font-semibold">Created</th>
            <th scope="col" className="px-3 py-2 font-semibold">Expires</th>
            <th scope="col" className="px-3 py-2 font-semibold">Last used</th>
            <th scope="col" className="px-3 py-2 font-semibold"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {tokens.map((t) => (
            <tr key={t.id}>
              <th scope="row" className="px-3 py-2 text-left font-medium text-slate-900">{t.name}</th>
              <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">{t.prefix}…</td>
              <td className="px-3 py-2">{roleLabel[t.role] ?? t.role}</td>
              <td className="px-3 py-2" title={t.revokedAt ? `Revoked ${formatDateTime(t.revokedAt)}` : undefined}>{statusBadge[t.status]}</td>
              <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(t.createdAt)}</td>
              <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(t.expiresAt)}</td>
              <td className="px-3 py-2 whitespace-nowrap">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Never"}</td>
              <td className="px-3 py-2 text-right">
                {t.status === "active" ? (
                  <ConfirmButton label="Revoke" confirmLabel="Yes, revoke" question={`Revoke “${t.name}”?`} busy={busyId === t.id} onConfirm={() => onRevoke(t)} />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
