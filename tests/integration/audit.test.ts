import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { appendAudit, verifyChain } from "@/lib/audit";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { GENESIS_HASH } from "@/lib/audit/hash";

const actor = { type: "SYSTEM", id: "test" } as const;
const append = (n: number) =>
  db.$transaction((tx) => appendAudit(tx, { action: "outbox.pruned", actor, data: { deleted: n, publishedBefore: "2026-01-01T00:00:00.000Z" } }));

/** A superuser session that can switch the append-only triggers off, as an attacker with DB rights could. */
async function asSuperuserWithoutTriggers<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: config.DATABASE_URL });
  await c.connect();
  try {
    await c.query("SET session_replication_role = replica");
    return await fn(c);
  } finally {
    await c.end();
  }
}

afterAll(() => db.$disconnect());

describe("audit chain", () => {
  it("links each entry to the previous one, from the genesis hash", async () => {
    const a = await append(1);
    const b = await append(2);
    const rows = await db.auditEntry.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.seq)).toEqual([1n, 2n]);
    expect(rows[0].prevHash).toBe(GENESIS_HASH);
    expect(rows[1].prevHash).toBe(a.hash);
    expect(rows[1].hash).toBe(b.hash);
    expect(await verifyChain()).toMatchObject({ ok: true, checked: 2, headHash: b.hash });
  });

  it("keeps seq gap-free and the chain valid under concurrent writers and rollbacks", async () => {
    const before = await db.auditEntry.count();
    const attempts = Array.from({ length: 30 }, (_, i) =>
      db
        .$transaction(async (tx) => {
          await appendAudit(tx, { action: "outbox.pruned", actor, data: { deleted: i, publishedBefore: "2026-01-01T00:00:00.000Z" } });
          if (i % 5 === 0) throw new Error("roll back");
        })
        .then(() => true, () => false),
    );
    const committed = (await Promise.all(attempts)).filter(Boolean).length;
    expect(committed).toBe(24);
    const seqs = (await db.auditEntry.findMany({ select: { seq: true }, orderBy: { seq: "asc" } })).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: before + 24 }, (_, i) => i + 1));
    expect((await verifyChain()).ok).toBe(true);
  });

  it("hashes non-ASCII text the same way in the database and in verification", async () => {
    await db.$transaction((tx) =>
      appendAudit(tx, {
        action: "outbox.pruned",
        actor,
        data: { deleted: 1, publishedBefore: "Zoë Ångström — 東京 ✓ \"quoted\" \\ back" },
        request: { requestId: "req-unicode-1", ip: "2001:db8::1", userAgent: "Mozilla/5.0 (ünïcødé)" },
      }),
    );
    expect((await verifyChain()).ok).toBe(true);
  });

  it("refuses UPDATE, DELETE and TRUNCATE in the database itself", async () => {
    await append(3);
    await expect(db.$executeRaw`UPDATE "AuditEntry" SET action = 'x'`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM "AuditEntry"`).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`TRUNCATE "AuditEntry"`)).rejects.toThrow(/append-only/);
    await expect(db.auditEntry.updateMany({ data: { outcome: "DENIED" } })).rejects.toThrow();
    expect((await verifyChain()).ok).toBe(true);
  });

  describe("names the first broken link when someone bypasses the triggers", () => {
    it("an edited entry", async () => {
      const { seq } = await append(4);
      await asSuperuserWithoutTriggers((c) => c.query(`UPDATE "AuditEntry" SET data = '{"deleted": 999}' WHERE seq = $1`, [seq]));
      const res = await verifyChain();
      expect(res.ok).toBe(false);
      expect(res.firstBreak).toMatchObject({ kind: "HASH_MISMATCH", seq });
    });

    it("a deleted entry", async () => {
      const start = await append(5);
      await append(6);
      await asSuperuserWithoutTriggers((c) => c.query(`DELETE FROM "AuditEntry" WHERE seq = $1`, [start.seq]));
      const res = await verifyChain({ fromSeq: start.seq });
      expect(res.firstBreak).toMatchObject({ kind: "GAP", expectedSeq: start.seq });
    });

    it("reordered entries", async () => {
      const x = await append(7);
      const y = await append(8);
      // Swap the two rows' positions, keeping each row's own hash: the links no longer fit.
      await asSuperuserWithoutTriggers(async (c) => {
        await c.query(`UPDATE "AuditEntry" SET seq = -1 WHERE seq = $1`, [x.seq]);
        await c.query(`UPDATE "AuditEntry" SET seq = $1 WHERE seq = $2`, [x.seq, y.seq]);
        await c.query(`UPDATE "AuditEntry" SET seq = $1 WHERE seq = -1`, [y.seq]);
      });
      const res = await verifyChain({ fromSeq: x.seq });
      expect(res.ok).toBe(false);
      expect(res.firstBreak?.seq).toBe(x.seq);
    });
  });
});
