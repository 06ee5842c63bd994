import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { hashApiToken } from "@/lib/auth/api-tokens";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";

afterAll(() => db.$disconnect());

// The CLI as an operator runs it: a child process, which inherits this run's environment (test database).
function cli(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "scripts/gatehouse.ts", ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}

const cliAudit = (action: string) => db.auditEntry.findMany({ where: { action, actorType: "SYSTEM", actorId: "cli" }, orderBy: { seq: "asc" } });

describe("npm run gatehouse", () => {
  it("prints help and refuses bad usage with exit code 2", async () => {
    const help = await cli(["help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/staff create --email/);
    expect(help.stdout).toMatch(/token create --email/);
    const bad = await cli(["staff", "create", "--email", "x@gatehouse.test", "--name", "X", "--role", "boss"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--role must be one of/);
    const unknownOption = await cli(["token", "create", "--password", "hunter2"]);
    expect(unknownOption.code).toBe(2);
  });

  it("creates staff by invite or with a password from stdin, disables them, and audits as SYSTEM cli", async () => {
    const invited = await cli(["staff", "create", "--email", "Invitee@Gatehouse.test", "--name", "Ivy Invitee", "--role", "agent"]);
    expect(invited.code).toBe(0);
    expect(invited.stdout.trim()).toMatch(/^https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+$/);
    expect(await db.staffUser.findUniqueOrThrow({ where: { email: "invitee@gatehouse.test" } })).toMatchObject({ status: "INVITED", role: "AGENT" });

    const password = "a long enough passphrase";
    const active = await cli(["staff", "create", "--email", "ops@gatehouse.test", "--name", "Ops Person", "--role", "SUPERVISOR", "--password-stdin"], `${password}\n`);
    expect(active.code).toBe(0);
    expect(active.stdout).toBe("");
    const ops = await db.staffUser.findUniqueOrThrow({ where: { email: "ops@gatehouse.test" }, omit: { passwordHash: false } });
    expect(ops.status).toBe("ACTIVE");
    expect(await verifyPassword(ops.passwordHash, password)).toBe(true);

    const duplicate = await cli(["staff", "create", "--email", "ops@gatehouse.test", "--name", "Again", "--role", "AGENT"]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/already exists/);

    const disabled = await cli(["staff", "disable", "--email", "ops@gatehouse.test"]);
    expect(disabled.code).toBe(0);
    expect((await db.staffUser.findUniqueOrThrow({ where: { id: ops.id } })).status).toBe("DISABLED");
    expect((await cli(["staff", "disable", "--email", "nobody@gatehouse.test"])).code).toBe(1);

    expect((await cliAudit("staff.created")).map((e) => e.data)).toEqual([
      expect.objectContaining({ role: "AGENT", via: "cli" }),
      expect.objectContaining({ staffId: ops.id, role: "SUPERVISOR", via: "cli" }),
    ]);
    expect(await cliAudit("staff.disabled")).toHaveLength(1);
  });

  it("creates a token, prints it once and stores only its hash", async () => {
    await cli(["staff", "create", "--email", "sup@gatehouse.test", "--name", "Sup", "--role", "SUPERVISOR", "--password-stdin"], "another long passphrase");
    const res = await cli(["token", "create", "--email", "sup@gatehouse.test", "--name", "reporting", "--role", "AGENT", "--days", "7"]);
    expect(res.code).toBe(0);
    const token = res.stdout.trim();
    expect(token).toMatch(/^gh_pat_[A-Za-z0-9_-]{43}$/);
    expect(res.stderr).toMatch(/role AGENT/);
    expect(res.stderr).not.toContain(token);
    const row = await db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashApiToken(token) } });
    expect(row).toMatchObject({ name: "reporting", role: "AGENT", prefix: token.slice(0, 14) });
    expect(Math.round((row.expiresAt.getTime() - Date.now()) / 86_400_000)).toBe(7);
    expect((await cliAudit("api_token.created")).map((e) => e.data)).toEqual([expect.objectContaining({ tokenId: row.id, role: "AGENT", via: "cli" })]);

    const above = await cli(["token", "create", "--email", "sup@gatehouse.test", "--name", "x", "--role", "ADMIN"]);
    expect(above.code).toBe(1);
    expect(above.stderr).toMatch(/above its owner's role SUPERVISOR/);
  });

  it("runs the retention purge (cases, unlinked emails, orphan raw objects) and prints the counts", async () => {
    const res = await cli(["retention", "purge"]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^purged 0 document\(s\) and 0 raw email\(s\) of 0 case\(s\)/m);
    expect(res.stdout).toMatch(/^purged 0 email\(s\) no case claimed, received before \S+, with 0 document\(s\); 0 held, 0 failed$/m);
    expect(res.stdout).toMatch(/^deleted 0 orphan raw object\(s\) of \d+ listed/m);
    expect((await cliAudit("retention.purged")).map((e) => e.data)).toEqual([expect.objectContaining({ cases: 0, unlinkedEmails: 0, orphanRawObjects: 0 })]);
  });
});
