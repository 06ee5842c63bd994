import type { Metadata } from "next";
import { NotAllowed } from "@/components/auth/not-allowed";
import { AccountSearch } from "@/components/accounts/account-search";
import { SearchResults } from "@/components/accounts/search-results";
import { EmptyState } from "@/components/ui/empty-state";
import { AccountsIcon } from "@/components/ui/icons";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { searchAccounts, type AccountSearchResult } from "@/lib/accounts/search-accounts";
import { currentRequest, pageSession } from "@/lib/auth/current";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Accounts" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const header = <PageHeader title="Accounts" description="Find an exchange customer, then inspect their identity, devices, risk flags and login history." />;

export default async function AccountsPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor, allowed } = await pageSession("account.read");
  if (!allowed) {
    return (
      <div className="space-y-6">
        {header}
        <NotAllowed what="Customer accounts" />
      </div>
    );
  }
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 200) ?? "";

  let result: AccountSearchResult | null = null;
  let problem: string | null = null;
  if (q) {
    try {
      result = await searchAccounts(actor, { q }, { request: await currentRequest() });
    } catch (err) {
      if (!isAppError(err) || err.code !== "INVALID_INPUT") throw err;
      problem = err.message;
    }
  }

  return (
    <div className="space-y-6">
      {header}
      <AccountSearch q={q} />
      {problem ? (
        <Notice title="This search cannot be run" tone="warning">
          {problem}
        </Notice>
      ) : result ? (
        <section aria-labelledby="results-title" className="space-y-3">
          <h2 id="results-title" className="text-sm font-medium text-slate-700" aria-live="polite">
            {result.items.length === 0 ? "No account matches" : `${result.items.length}${result.truncated ? "+" : ""} account(s) match`} “{result.q}”
          </h2>
          <SearchResults items={result.items} />
          {result.truncated ? <p className="text-xs text-slate-500">More accounts match than are shown: type more of the email address, or search by uid.</p> : null}
        </section>
      ) : (
        <EmptyState icon={<AccountsIcon className="size-6" />} title="Search for a customer">
          Type an account uid, a bound email (or its first letters), a phone number, a device id from the identity service, or an IP address seen at a login.
        </EmptyState>
      )}
    </div>
  );
}
