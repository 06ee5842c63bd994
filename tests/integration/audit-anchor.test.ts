import { afterAll, describe, expect, it } from "vitest";
import { appendAudit } from "@/lib/audit";
import { anchorChainHead, anchorKey, listAnchorKeys, readAnchorObject, writeAnchorObject } from "@/lib/audit/anchor";
import { anchorStatus } from "@/lib/audit/anchor-status";
import { verifyChain } from "@/lib/audit/verify";
import { db } from "@/lib/db";
import { findJob } from "@/lib/queue/jobs";
import { deleteObject, getBytes, putBytes } from "@/lib/storage";
import { makeStaff } from "./support/staff";

const actor = { type: "SYSTEM", id: "test" } as const;
const append = (n: number) =>
  db.$transaction((tx) => appendAudit(tx, { action: "outbox.pruned", actor, data: { deleted: n, publishedBefore: "2026-01-01T00:00:00.000Z" } }));
const head = async () => (await db.auditEntry.findFirstOrThrow({ orderBy: { seq: "desc" } })).seq;

// The buckets outlive each file's database reset: leave no anchor object for the next file's chain.
afterAll(async () => {
  for (const key of await listAnchorKeys(1n)) await deleteObject("audit", key);
  await db.$disconnect();
});

describe("anchorChainHead", () => {
  it("does nothing on an empty chain", async () => {
    expect(await anchorChainHead()).toEqual({ anchored: false, reason: "empty", seq: null });
  });

  it("writes {seq, hash, anchoredAt, prevAnchor} under a write-once key, the AuditAnchor row and audit.anchored", async () => {
    for (let i = 0; i < 4; i++) await append(i);
    const top = await db.auditEntry.findFirstOrThrow({ orderBy: { seq: "desc" } });
    const res = await anchorChainHead();
    expect(res).toEqual({ anchored: true, seq: top.seq, hash: top.hash, objectKey: "anchors/00000000000000000004.json" });
    const object = JSON.parse((await getBytes("audit", anchorKey(top.seq))).toString("utf8"));
    expect(object).toEqual({ seq: "4", hash: top.hash, anchoredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), prevAnchor: null });
    expect(await db.auditAnchor.findUniqueOrThrow({ where: { seq: top.seq } })).toMatchObject({ hash: top.hash, objectKey: anchorKey(top.seq) });
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "audit.anchored" } });
    expect(entry).toMatchObject({ seq: 5n, actorType: "SYSTEM", actorId: "scheduler", data: { seq: "4", hash: top.hash, objectKey: anchorKey(top.seq) } });
  });

  it("anchoring twice without new entries leaves one anchor (its own audit.anchored entry does not count)", async () => {
    expect(await anchorChainHead()).toMatchObject({ anchored: false, reason: "unchanged", seq: 4n });
    expect(await anchorChainHead()).toMatchObject({ anchored: false, reason: "unchanged" });
    expect(await db.auditAnchor.count()).toBe(1);
    expect(await db.auditEntry.count({ where: { action: "audit.anchored" } })).toBe(1);
  });

  it("anchors again once the head moved, linking to the previous anchor", async () => {
    await append(9);
    const seq = await head();
    const res = await anchorChainHead();
    expect(res).toMatchObject({ anchored: true, seq });
    const object = await readAnchorObject(anchorKey(seq));
    expect(object?.prevAnchor).toEqual({ seq: "4", hash: expect.any(String), objectKey: anchorKey(4n) });
    expect(await db.auditAnchor.count()).toBe(2);
    expect(await verifyChain()).toMatchObject({ ok: true, anchors: { checked: 2, problems: [] } });
  });

  it("is write-once: a second write to the same key is refused and the object is unchanged", async () => {
    const key = anchorKey(4n);
    const before = await getBytes("audit", key);
    await expect(writeAnchorObject(key, { seq: "4", hash: "f".repeat(64), anchoredAt: new Date().toISOString(), prevAnchor: null })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await getBytes("audit", key)).equals(before)).toBe(true);
  });

  it("finishes a run that wrote its object but died before the commit, and refuses a foreign object", async () => {
    await append(10);
    const seq = await head();
    const top = await db.auditEntry.findFirstOrThrow({ where: { seq } });
    const orphan = { seq: String(seq), hash: top.hash, anchoredAt: "2026-12-01T00:00:00.000Z", prevAnchor: null };
    await putBytes("audit", anchorKey(seq), Buffer.from(JSON.stringify(orphan)));
    expect(await anchorChainHead()).toMatchObject({ anchored: true, seq });
    expect((await db.auditAnchor.findUniqueOrThrow({ where: { seq } })).anchoredAt.toISOString()).toBe(orphan.anchoredAt);

    await append(11);
    const next = await head();
    await putBytes("audit", anchorKey(next), Buffer.from(JSON.stringify({ ...orphan, seq: String(next), hash: "0".repeat(64) })));
    await expect(anchorChainHead()).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.auditAnchor.findUnique({ where: { seq: next } })).toBeNull();
  });

  it("reports the anchor status to auditors and administrators only", async () => {
    const auditor = await makeStaff("AUDITOR");
    const latest = await db.auditAnchor.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(await anchorStatus({ type: "STAFF", id: auditor.id, role: "AUDITOR" })).toEqual({
      count: 3,
      latest: { seq: String(latest.seq), anchoredAt: latest.anchoredAt.toISOString(), objectKey: latest.objectKey },
    });
    const agent = await makeStaff("AGENT");
    await expect(anchorStatus({ type: "STAFF", id: agent.id, role: "AGENT" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("runs hourly on the scheduler queue", () => {
    expect(findJob("audit.anchor")).toMatchObject({ queue: "scheduler", schedule: { pattern: "0 * * * *" } });
    expect(findJob("retention.purge")).toMatchObject({ queue: "scheduler", schedule: { pattern: expect.stringMatching(/^\d+ \d+ \* \* \*$/) } });
  });
});
