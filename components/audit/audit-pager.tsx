import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

/**
 * Keyset paging links whose words follow the order: newest first walks to older entries, a
 * timeline (oldest first) to newer ones. The cursors come from the server.
 */
export function AuditPager({ order, hrefFor, prevCursor, nextCursor, atStart }: { order: "asc" | "desc"; hrefFor: (cursor?: string) => string; prevCursor: string | null; nextCursor: string | null; atStart: boolean }) {
  if (atStart && !nextCursor) return null;
  const [back, on, first] = order === "desc" ? ["← Newer", "Older →", "Newest"] : ["← Earlier", "Later →", "Oldest"];
  const disabled = `${buttonClass("secondary")} pointer-events-none opacity-50`;
  return (
    <nav aria-label="Audit pages" className="flex items-center justify-between gap-3">
      <div className="flex gap-2">
        {!atStart ? (
          <Link href={hrefFor()} className={buttonClass("secondary")}>
            {first}
          </Link>
        ) : null}
        {prevCursor ? (
          <Link href={hrefFor(prevCursor)} rel="prev" className={buttonClass("secondary")}>
            {back}
          </Link>
        ) : (
          <span aria-disabled="true" className={disabled}>
            {back}
          </span>
        )}
      </div>
      {nextCursor ? (
        <Link href={hrefFor(nextCursor)} rel="next" className={buttonClass("secondary")}>
          {on}
        </Link>
      ) : (
        <span aria-disabled="true" className={disabled}>
          {on}
        </span>
      )}
    </nav>
  );
}
