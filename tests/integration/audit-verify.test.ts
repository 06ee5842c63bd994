import { spawn } from "node:child_process";
import pg from "pg";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { appendAudit } from "@/lib/audit";
import { anchorChainHead, anchorKey, listAnchorKeys } from "@/lib/audit/anchor";
import { entryHash } from "@/lib/audit/hash";
import { verifyAuditChain } from "@/lib/audit/run-verify";
import { verifyChain } from "@/lib/audit/verify";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { deleteObject, putBytes } from "@/lib/storage";
import { makeStaff } from "./support/staff";

const actor = { type: "SYSTEM", id: "test" } as const;
const append = (n: number) =>
  db.$transaction((tx) => appendAudit(tx, { action: "outbox.pruned", actor, data: { deleted: n, publishedBefore: "2026-01-01T00:00:00.000Z" } }));
const appendMany = async (count: number) => {
  const out: { seq: bigint; hash: string }[] = [];
  for (let i = 0; i < count; i++) out.push(await append(i));
  return out;
};

/**
 * Tampering as an attacker with superuser rights would: the append-only triggers are disabled for
 * this one transaction (ALTER TABLE is transactional) and re-enabled before it commits.
 */
async function tamper(table: "AuditEntry" | "AuditAnchor", fn: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const trigger = table === "AuditEntry" ? "audit_entry_no_update_delete" : "audit_anchor_no_update_delete";
  const c = new pg.Client({ connectionString: config.DATABASE_URL });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query(`ALTER TABLE "${table}" DISABLE TRIGGER ${trigger}`);
    await fn(c);
    await c.query(`ALTER TABLE "${table}" ENABLE TRIGGER ${trigger}`);
    await c.query("COMMIT");
  } catch (err) {
    await c.query("ROLLBACK");
    throw err;
  } finally {
    await c.end();
  }
}

async function removeAnchorObjects() {
  for (const key of await listAnchorKeys(1n)) await deleteObject("audit", key);
}

/** Each test starts from an empty chain and no anchors (rows and objects). */
beforeEach(async () => {
  await removeAnchorObjects();
  const c = new pg.Client({ connectionString: config.DATABASE_URL });
  await c.connect();
  await c.query("SET session_replication_role = replica");
  await c.query(`TRUNCATE "AuditEntry", "AuditAnchor"`);
  await c.end();
});

// The buckets outlive each file's database reset: leave no anchor object for the next file's chain.
afterAll(async () => {
  await removeAnchorObjects();
  await db.$disconnect();
});

describe("verifyChain names the first broken link", () => {
  it("passes an intact chain and its anchors", async () => {
    await appendMany(5);
    expect((await anchorChainHead()).anchored).toBe(true);
    await appendMany(3);
    const res = await verifyChain();
    expect(res).toMatchObject({ ok: true, checked: 9, firstBreak: null, anchors: { checked: 1, problems: [] } });
  });

  it("an edited entry: HASH_MISMATCH at that seq, with its action and time; the trigger is back afterwards", async () => {
    await appendMany(6);
    await tamper("AuditEntry", (c) => c.query(`UPDATE "AuditEntry" SET data = '{"deleted": 999, "publishedBefore": "x"}' WHERE seq = 4`));
    const res = await verifyChain();
    expect(res.ok).toBe(false);
    expect(res.firstBreak).toMatchObject({ kind: "HASH_MISMATCH", seq: 4n, entry: { seq: 4n, action: "outbox.pruned" } });
    expect(res.checked).toBe(3);
    await expect(db.$executeRaw`UPDATE "AuditEntry" SET action = 'x' WHERE seq = 1`).rejects.toThrow(/append-only/);
  });

  it("a deleted entry: GAP naming the missing seq", async () => {
    await appendMany(6);
    await tamper("AuditEntry", (c) => c.query(`DELETE FROM "AuditEntry" WHERE seq = 3`));
    const res = await verifyChain();
    expect(res.firstBreak).toMatchObject({ kind: "GAP", seq: 4n, expectedSeq: 3n });
  });

  it("reordered entries: the first of the two", async () => {
    await appendMany(6);
    await tamper("AuditEntry", async (c) => {
      await c.query(`UPDATE "AuditEntry" SET seq = -1 WHERE seq = 3`);
      await c.query(`UPDATE "AuditEntry" SET seq = 3 WHERE seq = 4`);
      await c.query(`UPDATE "AuditEntry" SET seq = 4 WHERE seq = -1`);
    });
    const res = await verifyChain();
    expect(res.firstBreak).toMatchObject({ kind: "PREV_MISMATCH", seq: 3n });
  });
});

describe("ranges", () => {
  it("verifies a sub-range from the entry before it, and names a missing predecessor", async () => {
    await appendMany(8);
    expect(await verifyChain({ fromSeq: 3n, toSeq: 6n })).toMatchObject({ ok: true, checked: 4, firstSeq: 3n, lastSeq: 6n });
    await tamper("AuditEntry", (c) => c.query(`DELETE FROM "AuditEntry" WHERE seq = 2`));
    expect((await verifyChain({ fromSeq: 3n, toSeq: 6n })).firstBreak).toMatchObject({ kind: "GAP", seq: 2n, expectedSeq: 2n });
    // A range after the damage is still verifiable on its own.
    expect((await verifyChain({ fromSeq: 4n })).ok).toBe(true);
  });

  it("takes dates (whole UTC days) and sequence numbers, and audits every run", async () => {
    await appendMany(4);
    const staff = await makeStaff("AUDITOR");
    const auditor = { type: "STAFF" as const, id: staff.id, role: "AUDITOR" as const };
    const today = new Date().toISOString().slice(0, 10);
    const all = await verifyAuditChain(auditor, { from: "2000-01-01", to: today }, { via: "console" });
    expect(all).toMatchObject({ ok: true, checked: 4, from: "1", to: "4" });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await verifyAuditChain(auditor, { from: tomorrow }, { via: "console" })).toMatchObject({ ok: true, checked: 0 });
    expect(await verifyAuditChain(auditor, { from: "2", to: "3" }, { via: "api" })).toMatchObject({ ok: true, checked: 2 });
    await expect(verifyAuditChain(auditor, { from: "last week" }, { via: "api" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const runs = await db.auditEntry.findMany({ where: { action: "audit.chain_verified" }, orderBy: { seq: "asc" } });
    expect(runs.map((r) => r.data)).toEqual([
      expect.objectContaining({ ok: true, entries: 4, via: "console", firstBreakSeq: null }),
      expect.objectContaining({ ok: true, entries: 0, via: "console" }),
      expect.objectContaining({ ok: true, entries: 2, from: "2", to: "3", via: "api" }),
    ]);
    expect(runs[0]).toMatchObject({ actorId: staff.id, outcome: "SUCCESS" });
  });

  it("refuses roles without audit.verify, audited", async () => {
    const agent = await makeStaff("AGENT");
    await expect(verifyAuditChain({ type: "STAFF", id: agent.id, role: "AGENT" }, {}, { via: "console" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.auditEntry.count({ where: { action: "auth.denied", actorId: agent.id } })).toBe(1);
  });
});

describe("anchors", () => {
  async function anchoredChain() {
    await appendMany(5);
    const a = await anchorChainHead();
    if (!a.anchored) throw new Error("not anchored");
    await appendMany(2);
    return a;
  }

  it("an anchor object changed in storage: OBJECT_MISMATCH, named", async () => {
    const a = await anchoredChain();
    await putBytes("audit", a.objectKey, Buffer.from(JSON.stringify({ seq: String(a.seq), hash: "f".repeat(64), anchoredAt: new Date().toISOString(), prevAnchor: null })));
    const res = await verifyChain();
    expect(res.ok).toBe(false);
    expect(res.firstBreak).toBeNull();
    expect(res.anchors.problems).toEqual([expect.objectContaining({ kind: "OBJECT_MISMATCH", seq: a.seq, objectKey: anchorKey(a.seq) })]);
  });

  it("an AuditAnchor row edited: OBJECT_MISMATCH; its object gone: OBJECT_MISSING", async () => {
    const a = await anchoredChain();
    await tamper("AuditAnchor", (c) => c.query(`UPDATE "AuditAnchor" SET hash = $1 WHERE seq = $2`, ["e".repeat(64), String(a.seq)]));
    expect((await verifyChain()).anchors.problems).toEqual([expect.objectContaining({ kind: "OBJECT_MISMATCH", seq: a.seq })]);
    await deleteObject("audit", a.objectKey);
    expect((await verifyChain()).anchors.problems).toEqual([expect.objectContaining({ kind: "OBJECT_MISSING", seq: a.seq })]);
  });

  it("a deleted anchor row whose object remains: ROW_MISSING", async () => {
    const a = await anchoredChain();
    await tamper("AuditAnchor", (c) => c.query(`DELETE FROM "AuditAnchor" WHERE seq = $1`, [String(a.seq)]));
    expect((await verifyChain()).anchors.problems).toEqual([expect.objectContaining({ kind: "ROW_MISSING", seq: a.seq })]);
  });

  it("a chain rewritten with every hash recomputed passes the chain check but not the anchor: ENTRY_MISMATCH", async () => {
    const a = await anchoredChain();
    // Read before the tamper transaction: its ALTER TABLE locks the table against other sessions.
    const rows = await db.auditEntry.findMany({ orderBy: { seq: "asc" } });
    const forged = { deleted: 999, publishedBefore: "x" };
    await tamper("AuditEntry", async (c) => {
      let prevHash = rows[0].hash;
      for (const r of rows.slice(1)) {
        const data = r.seq === 2n ? forged : r.data;
        const hash = entryHash({ ...r, data, prevHash });
        await c.query(`UPDATE "AuditEntry" SET data = $1, "prevHash" = $2, hash = $3 WHERE seq = $4`, [JSON.stringify(data), prevHash, hash, String(r.seq)]);
        prevHash = hash;
      }
    });
    const res = await verifyChain();
    expect(res.firstBreak).toBeNull();
    expect(res.checked).toBe(8);
    expect(res.ok).toBe(false);
    expect(res.anchors.problems).toEqual([expect.objectContaining({ kind: "ENTRY_MISMATCH", seq: a.seq })]);
  });

  it("entries cut off the end of the chain: ENTRY_MISSING at the anchor", async () => {
    const a = await anchoredChain();
    await tamper("AuditEntry", (c) => c.query(`DELETE FROM "AuditEntry" WHERE seq >= $1`, [String(a.seq)]));
    const res = await verifyChain();
    expect(res.firstBreak).toBeNull();
    expect(res.anchors.problems).toEqual([expect.objectContaining({ kind: "ENTRY_MISSING", seq: a.seq })]);
    // A range that ends before the anchor does not look at it.
    expect((await verifyChain({ toSeq: 3n })).ok).toBe(true);
  });
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "scripts/gatehouse.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run gatehouse -- audit verify", () => {
  it("exits 0 on an intact chain, 1 naming the broken entry, 2 on bad usage; audits each run via cli", async () => {
    await appendMany(5);
    const ok = await cli(["audit", "verify"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/audit chain ok: 5 entries/);
    const ranged = await cli(["audit", "verify", "--from", "2", "--to", new Date().toISOString().slice(0, 10)]);
    expect(ranged.code).toBe(0);

    await tamper("AuditEntry", (c) => c.query(`UPDATE "AuditEntry" SET "actorId" = 'someone-else' WHERE seq = 3`));
    const broken = await cli(["audit", "verify"]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/BROKEN at entry 3 \(HASH_MISMATCH\) \[outbox\.pruned at /);
    expect((await cli(["audit", "verify", "--from", "yesterday"])).code).toBe(2);

    const runs = await db.auditEntry.findMany({ where: { action: "audit.chain_verified", actorId: "cli" }, orderBy: { seq: "asc" } });
    expect(runs.map((r) => [r.outcome, (r.data as { via?: string }).via])).toEqual([
      ["SUCCESS", "cli"],
      ["SUCCESS", "cli"],
      ["FAILURE", "cli"],
    ]);
    expect(runs[2].data).toMatchObject({ ok: false, firstBreakSeq: "3" });
  });
});
