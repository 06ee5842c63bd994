import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";

afterAll(() => db.$disconnect());

describe("the Prisma client (lib/db.ts)", () => {
  it("omits secret columns from every query unless the caller asks for them", async () => {
    const created = await db.staffUser.create({
      data: { email: "secret@gatehouse.test", name: "Secret Keeper", role: "ADMIN", passwordHash: "$argon2id$fake", mfaSecret: "enc:totp" },
    });
    expect(created).not.toHaveProperty("passwordHash");
    expect(created).not.toHaveProperty("mfaSecret");

    const found = await db.staffUser.findUniqueOrThrow({ where: { id: created.id } });
    expect(Object.keys(found)).not.toContain("passwordHash");
    expect(Object.keys(found)).not.toContain("mfaSecret");

    const withSecret = await db.staffUser.findUniqueOrThrow({ where: { id: created.id }, omit: { passwordHash: false } });
    expect(withSecret.passwordHash).toBe("$argon2id$fake");
  });

  it("enforces one ID document per account in the database", async () => {
    const fp = "a".repeat(64);
    await db.account.create({ data: { uid: "u-1", email: "one@example.test", emailNormalized: "one@example.test", idFingerprint: fp } });
    await expect(
      db.account.create({ data: { uid: "u-2", email: "two@example.test", emailNormalized: "two@example.test", idFingerprint: fp } }),
    ).rejects.toMatchObject({ code: "P2002" });
  });

  it("accepts a provider's message once", async () => {
    const row = { provider: "POSTMARK" as const, providerMessageId: "pm-1", rawKey: "quarantine/raw/x", rawSha256: "0".repeat(64), rawSize: 10 };
    await db.inboundEmail.create({ data: row });
    await expect(db.inboundEmail.create({ data: row })).rejects.toMatchObject({ code: "P2002" });
  });
});
