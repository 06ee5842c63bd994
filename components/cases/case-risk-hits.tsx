import Link from "next/link";
import { caseStatusText } from "@/components/accounts/labels";
import { Badge } from "@/components/ui/badge";
import type { DuplicateIdAccount, ReusedPhotoHit, RiskHits } from "@/lib/cases/case-context";
import { documentSideText } from "./labels";

// Where this case's ID document or photos were also seen: the other accounts by uid and their
// cases by reference and status, linked. Nothing else about another customer is shown.

const link = "font-medium text-brand-700 hover:underline";
const accountHref = (uid: string) => `/accounts/${encodeURIComponent(uid)}`;
const caseHref = (ref: string) => `/cases/${encodeURIComponent(ref)}`;

function CaseLink({ refText, status }: { refText: string; status: string }) {
  const s = caseStatusText[status] ?? { label: status, tone: "slate" as const };
  return (
    <span className="inline-flex items-center gap-1.5">
      <Link href={caseHref(refText)} className={`${link} font-mono`}>
        {refText}
      </Link>
      <Badge tone={s.tone}>{s.label}</Badge>
    </span>
  );
}

function DuplicateAccount({ a }: { a: DuplicateIdAccount }) {
  return (
    <li className="py-2">
      <p className="text-sm text-slate-800">
        <Link href={accountHref(a.uid)} className={`${link} font-mono`}>
          {a.uid}
        </Link>{" "}
        {a.relation === "holds_id" ? "holds this ID document (bound to it first)." : "also presented this ID document and was refused it."}
      </p>
      {a.cases.length ? (
        <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1" aria-label={`Cases of account ${a.uid}`}>
          {a.cases.map((c) => (
            <li key={c.ref}>
              <CaseLink refText={c.ref} status={c.status} />
            </li>
          ))}
          {a.moreCases ? <li className="text-sm text-slate-500">and older cases on the account page</li> : null}
        </ul>
      ) : (
        <p className="mt-1 text-sm text-slate-500">No review cases.</p>
      )}
    </li>
  );
}

function ReuseHit({ h }: { h: ReusedPhotoHit }) {
  const how = h.documents.map((d) => `${documentSideText[d.side] ?? d.side}: ${d.how === "same_bytes" ? "the same file" : "the same photo"}`).join("; ");
  return (
    <li className="py-2 text-sm text-slate-800">
      <CaseLink refText={h.ref} status={h.status} />{" "}
      {h.sameAccount ? (
        <span className="text-slate-600">an earlier case of this same account</span>
      ) : (
        <>
          on account{" "}
          <Link href={accountHref(h.accountUid)} className={`${link} font-mono`}>
            {h.accountUid}
          </Link>
        </>
      )}
      <p className="mt-0.5 text-xs text-slate-600">{how}</p>
    </li>
  );
}

export function CaseRiskHits({ risk }: { risk: RiskHits }) {
  const { duplicateId, reusedPhoto } = risk;
  const others = reusedPhoto.hits.filter((h) => !h.sameAccount);
  const own = reusedPhoto.hits.filter((h) => h.sameAccount);
  return (
    <section aria-labelledby="risk-hits-title" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="risk-hits-title" className="text-base font-semibold text-slate-900">
        ID and photo hits
      </h2>

      <h3 className="mt-3 text-sm font-semibold text-slate-900">ID bound to another account</h3>
      {duplicateId.accounts.length ? (
        <ul className="divide-y divide-slate-100">
          {duplicateId.accounts.map((a) => (
            <DuplicateAccount key={a.uid} a={a} />
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-sm text-slate-600">
          {duplicateId.flagged ? "The case carries this flag, but no other account is bound to this ID now (the conflict may have been resolved)." : "No other account holds this account's ID document."}
        </p>
      )}

      <h3 className="mt-4 text-sm font-semibold text-slate-900">Photos seen on other cases</h3>
      {others.length || own.length ? (
        <ul className="divide-y divide-slate-100">
          {[...others, ...own].map((h) => (
            <ReuseHit key={h.ref} h={h} />
          ))}
        </ul>
      ) : null}
      {others.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">
          {reusedPhoto.flagged ? "The case carries the Reused photo flag, but no other account's case with these photos is found now." : "These photos were not seen on another account's case."}
        </p>
      ) : null}
      <p className="mt-2 text-xs text-slate-500">Same file: identical bytes. Same photo: matched by intake when the email arrived (resized copies usually are not).</p>
    </section>
  );
}
