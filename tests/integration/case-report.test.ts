import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as reportRoute } from "@/app/api/v1/cases/[ref]/report/route";
import { createApiTokenUnchecked } from "@/lib/auth/api-tokens";
import { currentTotp } from "@/lib/auth/mfa";
import { decideCase } from "@/lib/cases/decide";
import { addNote } from "@/lib/cases/notes";
import { db, type StaffRole } from "@/lib/db";
import { sharedRedis } from "@/lib/queue/connection";
import { addDocuments } from "./support/cases-world";
import { makeDecisionCase } from "./support/decisions-world";
import { makeStaff } from "./support/staff";
import { staffActor } from "../support/devices-world";

afterAll(async () => {
  sharedRedis().disconnect();
  await db.$disconnect();
});

let ref: string;
let caseId: string;
let documentIds: string[];

async function caller(role: StaffRole) {
  const s = await makeStaff(role);
  const { token } = await createApiTokenUnchecked(undefined, { staffId: s.id, name: "report", expiresInDays: 1 }, { actor: { type: "SYSTEM", id: "test" }, via: "cli" });
  return { ...s, auth: { authorization: `Bearer ${token}` }, totp: () => ({ "x-gatehouse-totp": currentTotp(s.secret!) }) };
}
const get = (query: string, headers: Record<string, string>) =>
  reportRoute(new Request(`http://localhost/api/v1/cases/${ref}/report${query}`, { headers }), { params: Promise.resolve({ ref }) });
const reports = (staffId: string) => db.auditEntry.findMany({ where: { action: "case.report_generated", caseId, actorId: { startsWith: staffId } }, orderBy: { seq: "asc" } });

beforeAll(async () => {
  // A case worked through the real use cases: two ID photos, a note, a rejection with a reason code.
  const agent = await staffActor("AGENT");
  const w = await makeDecisionCase({ assigneeId: agent.id });
  ref = w.ref;
  caseId = w.caseId;
  documentIds = await addDocuments(w.caseId, w.accountId, ["ACCEPTED", "ACCEPTED"]);
  await addNote(agent, { ref, body: "Name on the <b>front</b> differs from KYC" });
  const { version } = await db.reviewCase.findUniqueOrThrow({ where: { id: caseId }, select: { version: true } });
  await decideCase(agent, { ref, decision: "REJECT", reasonCodes: ["NAME_MISMATCH"], version });
});

describe("case report", () => {
  it("HTML (audit.read): case, decision with reason codes, timeline, notes (escaped), audit hashes; photos redacted; audited", async () => {
    const auditor = await caller("AUDITOR");
    const res = await get("", auditor.auth);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toMatch(/no-store/);
    const html = await res.text();
    expect(html).toContain(`<h1>${ref}</h1>`);
    expect(html).toContain("<h2>Timeline</h2>");
    for (const event of ["NOTE_ADDED", "REJECTED"]) expect(html).toContain(`<td>${event}</td>`);
    expect(html).toContain("NAME_MISMATCH");
    expect(html).toContain("Name on the &lt;b&gt;front&lt;/b&gt; differs from KYC");
    expect(html).not.toContain("<b>front</b>");
    const decided = await db.auditEntry.findFirstOrThrow({ where: { caseId, action: "case.decided" } });
    expect(html).toContain(decided.hash);
    const docs = await db.document.findMany({ where: { id: { in: documentIds } } });
    for (const d of docs) expect(html).toContain(d.sha256);
    expect(html.match(/class="redacted"/g)).toHaveLength(2);
    expect(html).not.toContain("<img");

    const [entry] = await reports(auditor.id);
    expect(entry).toMatchObject({ outcome: "SUCCESS", targetId: caseId, data: { ref, format: "HTML", photos: "redacted" } });
  });

  it("agents may not; photos only for staff with document.view (each shown through the audited image route)", async () => {
    const agent = await caller("AGENT");
    const refused = await get("", agent.auth);
    expect(refused.status).toBe(403);
    expect(await db.auditEntry.count({ where: { action: "auth.denied", actorId: { startsWith: agent.id }, outcome: "DENIED" } })).toBe(1);

    const supervisor = await caller("SUPERVISOR");
    const shown = await (await get("?photos=show", supervisor.auth)).text();
    for (const id of documentIds) expect(shown).toContain(`<img class="photo" src="/api/v1/documents/${id}/image"`);
    expect((await reports(supervisor.id))[0].data).toMatchObject({ photos: "shown" });

    // Auditors do not view ID photos (separation of duties): the report stays redacted, the refusal is audited.
    const auditor = await caller("AUDITOR");
    const redacted = await (await get("?photos=show", auditor.auth)).text();
    expect(redacted).not.toContain("<img");
    expect(redacted).toContain("you may not view ID photos");
    expect(await db.auditEntry.count({ where: { action: "auth.denied", actorId: { startsWith: auditor.id } } })).toBe(1);
    expect((await get("?format=docx", auditor.auth)).status).toBe(400);
  });

  it("PDF (audit.export with step-up) through headless Chromium, photos redacted", async () => {
    const auditor = await caller("AUDITOR");
    const noStepUp = await get("?format=pdf", auditor.auth);
    expect(noStepUp.status).toBe(403);
    expect(await noStepUp.json()).toMatchObject({ error: { code: "STEP_UP_REQUIRED" } });
    const supervisor = await caller("SUPERVISOR");
    expect((await get("?format=pdf", { ...supervisor.auth, ...supervisor.totp() })).status).toBe(403);

    const res = await get("?format=pdf&photos=show", { ...auditor.auth, ...auditor.totp() });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="case-report-${ref}.pdf"`);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.byteLength).toBeGreaterThan(5_000);
    expect((await reports(auditor.id)).map((e) => e.data)).toEqual([expect.objectContaining({ format: "PDF", photos: "redacted" })]);
  }, 60_000);
});
