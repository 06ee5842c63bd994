import { KeysetPager } from "@/components/ui/keyset-pager";
import { accountHref, type LoginFilterState } from "./labels";

/** Keyset paging links for the login history: newer (up) and older (down); cursors come from the server. */
export function LoginPager({ uid, filters, prevCursor, nextCursor, atStart }: { uid: string; filters: LoginFilterState; prevCursor: string | null; nextCursor: string | null; atStart: boolean }) {
  return <KeysetPager label="Login history pages" hrefFor={(cursor) => accountHref(uid, { ...filters, cursor })} prevCursor={prevCursor} nextCursor={nextCursor} atStart={atStart} />;
}
