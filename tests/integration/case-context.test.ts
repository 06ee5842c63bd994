import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { EmailBodyView } from "@/components/cases/case-context-email-body";
import { getCaseContext } from "@/lib/cases/case-context";
import { getCaseEmailBodies } from "@/lib/cases/case-context-bodies";
import { formatCaseRef } from "@/lib/cases/case-ref";
import { config } from "@/lib/config";
import type * as Permissions from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { processInboundEmail } from "@/lib/intake/process";
import { makeAccount as makeIdAccount, makeCase, staffActor, type StaffTestActor } from "../support/devices-world";
import { idPhotos, jpeg, makeAccount, receive, seedSlaPolicies, storeInbound } from "../support/intake-world";

// No role holding queue.read lacks account.read today; `withheld` takes it from AUDITOR for one test.
const withheld = vi.hoisted(() => ({ permission: null as string | null }));
vi.mock("@/lib/auth/permissions", async (importOriginal) => {
  const real = await importOriginal<typeof Permissions>();
  return { ...real, roleHas: (role: Parameters<typeof real.roleHas>[0], p: Parameters<typeof real.roleHas>[1]) => (role === "AUDITOR" && p === withheld.permission ? false : real.roleHas(role, p)) };
});

beforeAll(seedSlaPolicies);
afterAll(() => db.$disconnect());

const uidOf = async (id: string) => (await db.account.findUniqueOrThrow({ where: { id }, select: { uid: true } })).uid;
const refOf = async (caseId: string) => formatCaseRef((await db.reviewCase.findUniqueOrThrow({ where: { id: caseId }, select: { number: true } })).number);

/** A message with an HTML body only, and one JPEG: what some webmail clients send. */
function htmlEmail(from: string, subject: string, html: string, photo: Buffer): Buffer {
  const b = `=_b_${randomUUID().replaceAll("-", "")}`;
  const lines = [
    `From: "Alex Example" <${from}>`,
    `To: ${config.MAIL_FROM_ADDRESS}`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${randomUUID()}@mail.example.com>`,
    "Authentication-Results: inbound.exchange.example; spf=pass; dkim=pass; dmarc=pass",
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${b}"`,
    "",
    `--${b}`,
    "Content-Type: text/html; charset=UTF-8",
    "",
    html,
    `--${b}`,
    'Content-Type: image/jpeg; name="id-front.jpg"',
    'Content-Disposition: attachment; filename="id-front.jpg"',
    "Content-Transfer-Encoding: base64",
    "",
    ...(photo.toString("base64").match(/.{1,76}/g) ?? []),
    `--${b}--`,
    "",
  ];
  return Buffer.from(lines.join("\r\n"), "utf8");
}

describe("the case context: reused photos, name check, thread", () => {
  let agent: StaffTestActor;
  beforeAll(async () => {
    agent = await staffActor("AGENT");
  });

  it("links the other account's case holding the same photos, by uid, reference and status only", async () => {
    const other = await makeAccount({ realName: "Sam Otherperson" });
    const { front, back } = await idPhotos(`reuse-${randomUUID()}`);
    const first = await processInboundEmail((await receive({ from: other.email, fromName: "Sam Otherperson", attachments: [jpeg("id-front.jpg", front), jpeg("id-back.jpg", back)] })).inboundEmailId);
    const mine = await makeAccount({ realName: "José García" });
    const second = await processInboundEmail((await receive({ from: mine.email, fromName: "GARCIA, Jose", attachments: [jpeg("id-front.jpg", front), jpeg("id-back.jpg", back)] })).inboundEmailId);
    expect(second.riskFlags).toContain("REUSED_PHOTO");

    const ctx = await getCaseContext(agent, await refOf(second.caseId!));
    expect(ctx.risk.reusedPhoto.flagged).toBe(true);
    expect(ctx.risk.reusedPhoto.hits).toEqual([
      {
        ref: await refOf(first.caseId!),
        status: "NEW",
        accountUid: await uidOf(other.id),
        sameAccount: false,
        documents: expect.arrayContaining([expect.objectContaining({ side: "FRONT", how: "same_bytes" }), expect.objectContaining({ side: "BACK", how: "same_bytes" })]),
      },
    ]);
    const shown = JSON.stringify(ctx.risk);
    expect(shown).not.toContain(other.email);
    expect(shown).not.toContain("Otherperson");

    // The other case sees this one back.
    const back2 = await getCaseContext(agent, await refOf(first.caseId!));
    expect(back2.risk.reusedPhoto).toMatchObject({ flagged: false, hits: [{ ref: await refOf(second.caseId!), accountUid: await uidOf(mine.id), sameAccount: false }] });

    // Name hint: the sender's display name against the KYC name, accents, case and order aside.
    expect(ctx.nameCheck).toEqual({
      kycName: "José García",
      flagged: false,
      documentNameRecorded: false,
      senders: [{ name: "GARCIA, Jose", emails: 1, match: { verdict: "match", detail: "same_reordered" } }],
    });
  });

  it("shows a sender name that differs, and the NAME_MISMATCH flag", async () => {
    const acct = await makeAccount({ realName: "Alex Example" });
    const { front } = await idPhotos(`name-${randomUUID()}`);
    const r = await processInboundEmail((await receive({ from: acct.email, fromName: "Sam Sample", attachments: [jpeg("id-front.jpg", front)] })).inboundEmailId);
    await db.reviewCase.update({ where: { id: r.caseId! }, data: { riskFlags: { push: "NAME_MISMATCH" } } });
    const ctx = await getCaseContext(agent, await refOf(r.caseId!));
    expect(ctx.nameCheck).toMatchObject({ flagged: true, senders: [{ name: "Sam Sample", match: { verdict: "differs" } }] });
    expect(ctx.risk).toEqual({ duplicateId: { flagged: false, accounts: [] }, reusedPhoto: { flagged: false, hits: [] } });
  });

  it("orders the thread across both directions and never lets a script out of a stored body", async () => {
    const acct = await makeAccount({ realName: "Alex Example" });
    const { front, back } = await idPhotos(`thread-${randomUUID()}`);
    const html = `<h1>Urgent</h1><p onclick="steal()">Hello <b>team</b></p><script>alert('x')</script><img src="https://tracker.example/p.gif"><a href="javascript:alert(1)">click</a><a href="https://help.example/">help</a>`;
    const opened = await processInboundEmail(await storeInbound(htmlEmail(acct.email, "My ID", html, front)));
    expect(opened.outcome).toBe("case_created");
    const ref = await refOf(opened.caseId!);
    const reply = await receive({ from: acct.email, subject: `Re: photos [${ref}]`, text: "Here is the back.\n<script>alert('y')</script>", attachments: [jpeg("id-back.jpg", back)] });
    expect((await processInboundEmail(reply.inboundEmailId)).outcome).toBe("case_joined");

    const ctx = await getCaseContext(agent, ref);
    expect(ctx.thread.map((t) => (t.kind === "inbound" ? `in:${t.subject}` : `out:${t.template}`))).toEqual(["in:My ID", "out:ACKNOWLEDGEMENT", `in:Re: photos [${ref}]`]);
    const ack = ctx.thread[1];
    expect(ack).toMatchObject({ kind: "outbound", status: "QUEUED", toAddress: acct.email });
    expect(ack.kind === "outbound" && ack.subject).toContain(ref);
    expect(ctx.thread[0]).toMatchObject({ kind: "inbound", auth: { spf: "PASS", dkim: "PASS", dmarc: "PASS" }, attachments: [{ fileName: "id-front.jpg", verdict: "ACCEPTED" }] });

    const bodies = await getCaseEmailBodies(agent, ref);
    const htmlBody = bodies[ctx.thread[0].id];
    expect(htmlBody).toMatchObject({ kind: "html" });
    const htmlOut = renderToStaticMarkup(createElement(EmailBodyView, { body: htmlBody }));
    expect(htmlOut).toContain("Hello <b>team</b>");
    expect(htmlOut).toContain('href="https://help.example/"');
    expect(htmlOut).toContain("<strong>Urgent</strong>");
    for (const bad of ["<script", "alert(", "onclick", "<img", "tracker.example", "javascript:", "<h1"]) expect(htmlOut).not.toContain(bad);

    const textBody = bodies[ctx.thread[2].id];
    expect(textBody).toMatchObject({ kind: "text", text: expect.stringContaining("Here is the back.") });
    const textOut = renderToStaticMarkup(createElement(EmailBodyView, { body: textBody }));
    expect(textOut).toContain("&lt;script&gt;");
    expect(textOut).not.toContain("<script");
  });

  it("says so when retention deleted the raw message", async () => {
    const acct = await makeAccount();
    const { front } = await idPhotos(`purged-${randomUUID()}`);
    const { inboundEmailId } = await receive({ from: acct.email, attachments: [jpeg("id-front.jpg", front)] });
    const r = await processInboundEmail(inboundEmailId);
    const { rawKey } = await db.inboundEmail.findUniqueOrThrow({ where: { id: inboundEmailId }, select: { rawKey: true } });
    const { deleteObject } = await import("@/lib/storage");
    await deleteObject("inbound", rawKey);
    await db.reviewCase.update({ where: { id: r.caseId! }, data: { photosPurgedAt: new Date() } });
    expect(await getCaseEmailBodies(agent, await refOf(r.caseId!))).toEqual({ [inboundEmailId]: { kind: "unavailable", reason: "purged" } });
  });
});

describe("the case context: duplicate ID", () => {
  it("lists the account holding the ID and the one refused it, with their newest cases", async () => {
    const agent = await staffActor("AGENT");
    const mine = await makeIdAccount({ idConflict: true });
    const { idConflictAccountId } = await db.account.findUniqueOrThrow({ where: { id: mine.id }, select: { idConflictAccountId: true } });
    const holderUid = await uidOf(idConflictAccountId!);
    const presenter = await makeIdAccount();
    await db.account.update({ where: { id: presenter.id }, data: { idConflictAccountId: mine.id } });
    const holderCases = [];
    for (const status of ["APPROVED", "REJECTED", "NEW", "IN_REVIEW", "ESCALATED", "NEW"] as const) holderCases.push(await makeCase(idConflictAccountId!, { status }));
    const own = await makeCase(mine.id, { status: "IN_REVIEW" });
    await db.reviewCase.update({ where: { id: own.id }, data: { riskFlags: ["DUPLICATE_ID"] } });

    const ctx = await getCaseContext(agent, own.ref);
    expect(ctx.risk.duplicateId.flagged).toBe(true);
    const byUid = Object.fromEntries(ctx.risk.duplicateId.accounts.map((a) => [a.uid, a]));
    expect(Object.keys(byUid).sort()).toEqual([holderUid, presenter.uid].sort());
    expect(byUid[holderUid]).toEqual({
      uid: holderUid,
      relation: "holds_id",
      cases: holderCases.slice(1).reverse().map((c, i) => ({ ref: c.ref, status: ["NEW", "ESCALATED", "IN_REVIEW", "NEW", "REJECTED"][i] })),
      moreCases: true,
    });
    expect(byUid[presenter.uid]).toEqual({ uid: presenter.uid, relation: "presented_id", cases: [], moreCases: false });
    expect(JSON.stringify(ctx.risk)).not.toContain("@mail.example.com");
  });
});

describe("the case context: devices and logins", () => {
  it("gives the account's devices and newest logins to staff with account.read, and nothing to staff without", async () => {
    const acct = await makeAccount();
    const { front } = await idPhotos(`activity-${randomUUID()}`);
    const r = await processInboundEmail((await receive({ from: acct.email, attachments: [jpeg("id-front.jpg", front)] })).inboundEmailId);
    const ref = await refOf(r.caseId!);
    const base = Date.now() - 86_400_000;
    await db.loginEvent.createMany({
      data: Array.from({ length: 12 }, (_, i) => ({ externalId: `evt-${randomUUID()}`, accountId: acct.id, deviceId: acct.oldDeviceId, occurredAt: new Date(base - i * 60_000), method: "FACE" as const, outcome: "SUCCESS" as const, ip: "192.0.2.44", country: "ES" })),
    });

    const auditor = await staffActor("AUDITOR");
    const ctx = await getCaseContext(auditor, ref);
    expect(ctx.activity?.uid).toBe(await uidOf(acct.id));
    expect(ctx.activity?.devices.map((d) => d.id).sort()).toEqual([acct.oldDeviceId, acct.pendingDeviceId].sort());
    expect(ctx.activity?.logins).toHaveLength(10);
    expect(ctx.activity?.logins[0]).toMatchObject({ method: "FACE", outcome: "FAILURE", failureReason: "LIVENESS_FAILED" });
    expect(ctx.activity?.moreLogins).toBe(true);

    withheld.permission = "account.read";
    try {
      const denied = await getCaseContext(auditor, ref);
      expect(denied.activity).toBeNull();
      expect(denied.thread.length).toBeGreaterThan(0);
      // Leaving the panels out is not a refused request: nothing is audited as denied.
      expect(await db.auditEntry.count({ where: { action: "auth.denied", actorId: auditor.id } })).toBe(0);
    } finally {
      withheld.permission = null;
    }
  });

  it("refuses staff without queue.read, and answers 404 for an unknown case", async () => {
    await expect(getCaseContext({ type: "ANONYMOUS" }, "GH-000001")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(getCaseContext(await staffActor("AGENT"), "GH-999999")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getCaseEmailBodies({ type: "ANONYMOUS" }, "GH-000001")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });
});
