import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { inboundHref } from "./labels";

/** Keyset paging links: newer (up the list) and older (down it); the cursors come from the server. */
export function InboundPager({ tab, q, prevCursor, nextCursor, atStart }: { tab: string; q: string; prevCursor: string | null; nextCursor: string | null; atStart: boolean }) {
  if (atStart && !nextCursor) return null;
  const disabled = `${buttonClass("secondary")} pointer-events-none opacity-50`;
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-3">
      <div className="flex gap-2">
        {!atStart ? (
          <Link href={inboundHref({ tab, q })} className={buttonClass("secondary")}>
            Newest
          </Link>
        ) : null}
        {prevCursor ? (
          <Link href={inboundHref({ tab, q, cursor: prevCursor })} rel="prev" className={buttonClass("secondary")}>
            ← Newer
          </Link>
        ) : (
          <span aria-disabled="true" className={disabled}>
            ← Newer
          </span>
        )}
      </div>
      {nextCursor ? (
        <Link href={inboundHref({ tab, q, cursor: nextCursor })} rel="next" className={buttonClass("secondary")}>
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
