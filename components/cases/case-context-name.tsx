import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { NameCheck } from "@/lib/cases/case-context";
import type { NameMatch } from "@/lib/cases/name-match";

// The name-match hint under the KYC record. It says what was compared: intake reads no name off
// the ID photos, so the only other name on a case is the sender's display name (the sender's choice).

const verdictText: Record<NameMatch["verdict"], { label: string; tone: BadgeTone }> = {
  match: { label: "Matches", tone: "emerald" },
  partial: { label: "Partly matches", tone: "amber" },
  differs: { label: "Differs", tone: "red" },
  not_comparable: { label: "Not comparable", tone: "slate" },
};

function sentence(name: string, m: NameMatch): string {
  const quoted = `Sender name “${name}”`;
  switch (m.detail) {
    case "same":
      return `${quoted} matches the KYC name.`;
    case "same_reordered":
      return `${quoted} matches the KYC name, with the names in another order.`;
    case "names_missing":
      return `${quoted} matches the KYC name only in part: one of them has names the other lacks.`;
    case "initials":
      return `${quoted} matches the KYC name only through initials.`;
    case "different":
      return `${quoted} differs from the KYC name.`;
    case "different_scripts":
      return `${quoted} is written in another script than the KYC name: compare them yourself.`;
    case "no_other_name":
      return `${quoted} is not a person's name.`;
    case "no_kyc_name":
      return `${quoted} cannot be compared: there is no KYC name on record.`;
  }
}

export function CaseNameCheck({ check }: { check: NameCheck }) {
  return (
    <div className="mt-4 border-t border-slate-100 pt-3">
      <h3 className="text-sm font-semibold text-slate-900">Name check</h3>
      {check.flagged ? (
        <p className="mt-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">This case carries the Name mismatch flag.</p>
      ) : null}
      {!check.kycName ? (
        <p className="mt-2 text-sm text-slate-600">No real name is on the KYC record: there is nothing to compare the documents with.</p>
      ) : check.senders.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">The case&apos;s emails carry no sender display name to compare.</p>
      ) : (
        <ul className="mt-2 space-y-1.5">
          {check.senders.map((s) => (
            <li key={s.name} className="flex items-start gap-2 text-sm text-slate-800">
              <Badge tone={verdictText[s.match.verdict].tone}>{verdictText[s.match.verdict].label}</Badge>
              <span className="min-w-0 break-words">
                {sentence(s.name, s.match)}
                {s.emails > 1 ? <span className="text-slate-500"> ({s.emails} emails)</span> : null}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="mt-2 text-xs text-slate-500">
        Compared ignoring case, accents, punctuation and name order. Intake reads no name from the ID photos, and a display name is whatever the sender typed: check the name on the document against the KYC name yourself.
      </p>
    </div>
  );
}
