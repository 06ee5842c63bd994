import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

/**
 * Keyset paging links: newer (up the list) and older (down it); the cursors come from the server.
 * `hrefFor(cursor)` builds the page's URL, keeping its other state; no cursor means the newest page.
 */
export function KeysetPager({
  label,
  hrefFor,
  prevCursor,
  nextCursor,
  atStart,
}: {
  label: string;
  hrefFor: (cursor?: string) => string;
  prevCursor: string | null;
  nextCursor: string | null;
  atStart: boolean;
}) {
  if (atStart && !nextCursor) return null;
  const disabled = `${buttonClass("secondary")} pointer-events-none opacity-50`;
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-3">
      <div className="flex gap-2">
        {!atStart ? (
          <Link href={hrefFor()} className={buttonClass("secondary")}>
            Newest
          </Link>
        ) : null}
        {prevCursor ? (
          <Link href={hrefFor(prevCursor)} rel="prev" className={buttonClass("secondary")}>
            ← Newer
          </Link>
        ) : (
          <span aria-disabled="true" className={disabled}>
            ← Newer
          </span>
        )}
      </div>
      {nextCursor ? (
        <Link href={hrefFor(nextCursor)} rel="next" className={buttonClass("secondary")}>
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
