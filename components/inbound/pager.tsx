import { KeysetPager } from "@/components/ui/keyset-pager";
import { inboundHref } from "./labels";

/** Keyset paging links for the inbound list; the cursors come from the server. */
export function InboundPager({ tab, q, prevCursor, nextCursor, atStart }: { tab: string; q: string; prevCursor: string | null; nextCursor: string | null; atStart: boolean }) {
  return <KeysetPager label="Pages" hrefFor={(cursor) => inboundHref({ tab, q, cursor })} prevCursor={prevCursor} nextCursor={nextCursor} atStart={atStart} />;
}
