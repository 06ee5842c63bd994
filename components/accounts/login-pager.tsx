import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { accountHref, type LoginFilterState } from "./labels";

/** Keyset paging links for the login history: newer (up) and older (down); cursors come from the server. */
export function LoginPager({ uid, filters, prevCursor, nextCursor, atStart }: { uid: string; filters: LoginFilterState; prevCursor: string | null; nextCursor: string | null; atStart: boolean }) {
  if (atStart && !nextCursor) return null;
  const disabled = `${buttonClass("secondary")} pointer-events-none opacity-50`;
  const base = { ...filters, cursor: undefined };
  return (
    <nav aria-label="Login history pages" className="flex items-center justify-between gap-3">
      <div className="flex gap-2">
        {!atStart ? (
          <Link href={accountHref(uid, base)} className={buttonClass("secondary")}>
            Newest
          </Link>
        ) : null}
        {prevCursor ? (
          <Link href={accountHref(uid, { ...base, cursor: prevCursor })} rel="prev" className={buttonClass("secondary")}>
            ← Newer
          </Link>
        ) : (
          <span aria-disabled="true" className={disabled}>
            ← Newer
          </span>
        )}
      </div>
      {nextCursor ? (
        <Link href={accountHref(uid, { ...base, cursor: nextCursor })} rel="next" className={buttonClass("secondary")}>
          Older →
        </Link>
      ) : (
        <span aria-disabled="true" className={disabled}>
          Older →
        </span>
      )}
    </nav>
  );
}
