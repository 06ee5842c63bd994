import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

/** The search box: a GET form, so a search can be shared, reloaded and navigated with Back. */
export function AccountSearch({ q }: { q: string }) {
  return (
    <form action="/accounts" method="get" role="search" className="flex w-full max-w-xl items-end gap-2">
      <div className="min-w-0 flex-1 space-y-1.5">
        <label htmlFor="account-search" className="block text-sm font-medium text-slate-800">
          Find an account
        </label>
        <input
          id="account-search"
          name="q"
          type="search"
          defaultValue={q}
          maxLength={200}
          required
          autoComplete="off"
          spellCheck={false}
          aria-describedby="account-search-hint"
          placeholder="uid, email, phone, device id or IP"
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
        />
        <p id="account-search-hint" className="text-xs text-slate-500">
          Exact account uid, phone, device id or login IP; an email address or its first letters (at least 3).
        </p>
      </div>
      <button type="submit" className={`${buttonClass("primary")} mb-6`}>
        Search
      </button>
      {q ? (
        <Link href="/accounts" className="mb-6 py-2 text-sm font-medium text-brand-700 hover:underline">
          Clear
        </Link>
      ) : null}
    </form>
  );
}
