import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import type { RequestContext } from "../http/request-context";

export interface AnchorStatus {
  count: number;
  latest: { seq: string; anchoredAt: string; objectKey: string } | null;
}

/** How many anchors exist and the latest one, for the verify page (audit.verify). */
export async function anchorStatus(actor: Actor, opts: { request?: RequestContext } = {}): Promise<AnchorStatus> {
  await requireStaff(actor, "audit.verify", { request: opts.request });
  const [count, latest] = await Promise.all([db.auditAnchor.count(), db.auditAnchor.findFirst({ orderBy: { seq: "desc" } })]);
  return { count, latest: latest ? { seq: String(latest.seq), anchoredAt: latest.anchoredAt.toISOString(), objectKey: latest.objectKey } : null };
}
