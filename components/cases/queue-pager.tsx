import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { queueHref, type QueueUrlState } from "./queue-state";

/** Keyset paging: forward by the server's cursor, or back to the first page (the cursor is opaque). */
export function QueuePager({ state, nextCursor }: { state: QueueUrlState; nextCursor: string | null }) {
  if (!state.cursor && !nextCursor) return null;
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-3">
      {state.cursor ? (
        <Link href={queueHref({ ...state, cursor: "" })} className={buttonClass("secondary")}>
          First page
        </Link>
      ) : (
        <span />
      )}
      {nextCursor ? (
        <Link href={queueHref({ ...state, cursor: nextCursor })} rel="next" className={buttonClass("secondary")}>
          Next page →
        </Link>
      ) : (
        <span aria-disabled="true" className={`${buttonClass("secondary")} pointer-events-none opacity-50`}>
          Next page →
        </span>
      )}
    </nav>
  );
}
