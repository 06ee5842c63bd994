import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createAccount } from "./support/accounts";
import { clearStepUp, confirmStepUpWithCode, resetSignInIpLimit, signedIn } from "./support/admin";
import { caseRow, createCases } from "./support/cases";
import { watchConsoleErrors } from "./support/console-errors";
import { withClient } from "./support/db";
import { createStaff, totpCode } from "./support/staff";
import { caseAuditActions, caseOfAccount, emailIdPhotos, eventually, parkOtherCases, startWorkflowWorld, type WorkflowWorld } from "./support/workflow-world";

// The whole product, end to end: a customer emails their ID photos, intake opens a case, an agent
// claims it, looks at both photos and approves; the device is authorised, the customer gets the
// email, the identity service gets the webhooks, and the audit trail has every step. Then the
// ways a decision must not go wrong: another agent's case, a stale tab, and four eyes.
// Runs last (file order) with real workers started for it (support/workflow-world.ts).

test.describe.configure({ mode: "serial" });

let world: WorkflowWorld;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  await resetSignInIpLimit();
  world = await startWorkflowWorld();
});
test.afterAll(async () => {
  await world?.stop();
});

const panel = (page: Page) => page.getByRole("region", { name: "Decision" });
const deviceStatus = (id: string) => withClient(async (c) => (await c.query<{ status: string }>(`SELECT status::text AS status FROM "Device" WHERE id = $1`, [id])).rows[0].status);

test("an emailed ID becomes a case; an agent claims it, sees both photos and approves; the device, the customer and the identity service all learn it", async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const seed = randomBytes(6).toString("hex");
  const account = await createAccount({ devices: [{ externalId: `iph-${seed}`, status: "PENDING", model: "iPhone 15" }], realName: "Alex Example" });
  const device = account.devices[0];

  // The customer's email: accepted at the edge, processed by the worker into a case with two photos.
  const sent = await emailIdPhotos({ address: account.email, name: "Alex Example" }, seed);
  expect(sent.status).toBe(200);
  const opened = await eventually("the case intake opens", async () => caseOfAccount(account.id));
  const ref = `GH-${String(opened.number).padStart(6, "0")}`;
  await eventually("both photos accepted", () =>
    withClient(async (c) => {
      const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM "Document" WHERE "caseId" = $1 AND verdict = 'ACCEPTED' AND "normalizedKey" IS NOT NULL`, [opened.id]);
      return Number(rows[0].n) === 2 ? true : null;
    }),
  );

  const agent = await createStaff({ role: "AGENT" });
  const parked = await createStaff({ role: "SUPERVISOR" });
  await parkOtherCases(opened.id, parked.id);
  const { context, page } = await signedIn(browser, agent);
  const consoleErrors = watchConsoleErrors(page);
  try {
    // Claim next (key c) opens the only unassigned case: ours.
    await page.goto("/queue");
    await expect(page.getByRole("heading", { level: 1, name: "Review queue" })).toBeVisible();
    const images = new Set<string>();
    page.on("response", (r) => {
      const m = /\/api\/console\/documents\/([0-9a-f-]+)\/image\?variant=image/.exec(r.url());
      if (m && r.status() === 200 && r.headers()["content-type"] === "image/jpeg") images.add(m[1]);
    });
    await page.getByRole("heading", { level: 1 }).click();
    await page.keyboard.press("c");
    await expect(page).toHaveURL(new RegExp(`/cases/${ref}$`));
    await expect(page.getByRole("heading", { level: 1, name: `Case ${ref}` })).toBeVisible();
    expect((await caseRow(opened.id)).assigneeId).toBe(agent.id);

    // Both photos, through the authenticated, audited image route, side by side.
    await expect.poll(() => images.size, { timeout: 15_000 }).toBe(2);
    await page.screenshot({ path: testInfo.outputPath("case-workspace.png"), fullPage: true });

    // Approve (key a): the form, then step-up with an authenticator code (the sign-in a moment
    // ago would count as a fresh confirmation: make it an old one).
    await clearStepUp(agent.id);
    await page.keyboard.press("a");
    const dialog = page.getByRole("dialog", { name: /Approve/ });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: /^Approve/ }).click();
    await confirmStepUpWithCode(page, await totpCode(agent.secret!));
    await expect(panel(page).getByRole("status")).toContainText(/approved/i);

    expect(await deviceStatus(device.id)).toBe("AUTHORIZED");
    expect((await caseRow(opened.id)).status).toBe("APPROVED");
    // The agent's own decision does not make their tab "stale".
    await expect(page.getByText("This case changed since you opened it.")).toHaveCount(0);

    // The customer's emails, from the SMTP sink, to the bound address and threaded on the case:
    // intake's acknowledgement, then the approval.
    const toCustomer = (m: { envelope: { to: string[] } }) => m.envelope.to.map((a) => a.toLowerCase()).includes(account.email.toLowerCase());
    const ack = await world.smtp.waitFor((m) => toCustomer(m) && (m.parsed.text ?? "").includes(`opened review case ${ref}`), 60_000);
    expect(ack.parsed.inReplyTo).toBe(sent.messageId);
    const mail = await world.smtp.waitFor((m) => toCustomer(m) && /authorised/i.test(m.parsed.subject ?? ""), 60_000);
    expect(mail.parsed.subject).toBe(`Your new device is authorised [${ref}]`);
    expect(mail.parsed.text ?? "").toContain(`(case ${ref}) and authorised your iPhone 15`);
    expect(mail.parsed.inReplyTo).toBe(sent.messageId);

    // The identity service's view: device.authorized and case.decided, verified by the simulator.
    const events = await eventually("the webhooks reach the simulator", async () => {
      const got = await world.simulatorEvents();
      const authorised = got.find((e) => e.type === "device.authorized" && e.data.deviceId === device.id);
      const decided = got.find((e) => e.type === "case.decided" && e.data.caseRef === ref);
      return authorised && decided ? { authorised, decided } : null;
    });
    expect(events.decided.data.decision).toBe("APPROVED");

    // Every step is in the audit trail, in order.
    const actions = await eventually("the send is audited", async () => {
      const a = await caseAuditActions(opened.id);
      return a.includes("outbound.sent") ? a : null;
    });
    const order = ["case.created", "email.processed", "case.claimed", "document.viewed", "device.authorized", "case.decided", "outbound.queued", "outbound.sent"];
    for (const a of order) expect(actions, `audit has ${a}`).toContain(a);
    expect(actions.indexOf("case.claimed")).toBeLessThan(actions.indexOf("case.decided"));
    expect(actions.filter((a) => a === "document.viewed").length).toBeGreaterThanOrEqual(2);
    expect(consoleErrors()).toEqual([]);
  } finally {
    await context.close();
  }
});

test("an agent cannot decide a colleague's case, and a stale tab gets a conflict instead of overwriting", async ({ browser }) => {
  test.setTimeout(90_000);
  const owner = await createStaff({ role: "AGENT" });
  const other = await createStaff({ role: "AGENT" });
  const { cases } = await createCases([{ status: "IN_REVIEW", assigneeId: owner.id }]);
  const [c] = cases;

  // Someone else's case: no decision buttons, and the keys do nothing.
  const asOther = await signedIn(browser, other);
  try {
    await asOther.page.goto(`/cases/${c.ref}`);
    await expect(panel(asOther.page)).toContainText(/assigned to/i);
    await expect(panel(asOther.page).getByRole("button", { name: /^Reject/ })).toHaveCount(0);
    await asOther.page.getByRole("heading", { level: 1 }).click();
    await asOther.page.keyboard.press("r");
    await expect(asOther.page.getByRole("dialog")).toHaveCount(0);
  } finally {
    await asOther.context.close();
  }

  // The owner has the case open in two tabs; escalates in one, then rejects in the stale one.
  const { context, page } = await signedIn(browser, owner);
  try {
    const stale = await context.newPage();
    await page.goto(`/cases/${c.ref}`);
    await stale.goto(`/cases/${c.ref}`);

    await panel(page).getByRole("button", { name: /^Escalate/ }).click();
    const escalate = page.getByRole("dialog", { name: /Escalate/ });
    await escalate.getByLabel("Why it needs a supervisor").fill("The photo looks edited; a supervisor should look.");
    await escalate.getByRole("button", { name: /^Escalate/ }).click();
    await expect(panel(page).getByRole("status")).toContainText(/escalated/i);
    expect((await caseRow(c.id)).status).toBe("ESCALATED");

    await panel(stale).getByRole("button", { name: /^Reject/ }).click();
    const reject = stale.getByRole("dialog", { name: /Reject/ });
    await reject.getByRole("checkbox", { name: /expired/i }).check();
    await reject.getByRole("button", { name: /^Reject/ }).click();
    const conflict = panel(stale).getByRole("alert");
    await expect(conflict).toContainText(/changed since you opened it/i);
    expect((await caseRow(c.id)).status).toBe("ESCALATED");
    await conflict.getByRole("button", { name: /Reload/ }).click();
    await expect(panel(stale).getByRole("button", { name: /^Reject/ })).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test("a risky approval waits for a second supervisor, who cannot be the first", async ({ browser }) => {
  test.setTimeout(120_000);
  const first = await createStaff({ role: "SUPERVISOR" });
  const second = await createStaff({ role: "SUPERVISOR" });
  const { account, cases } = await createCases([{ status: "IN_REVIEW", assigneeId: first.id, riskFlags: ["IP_MISMATCH"] }]);
  const [c] = cases;
  const device = account.devices[0];

  const one = await signedIn(browser, first);
  try {
    await one.page.goto(`/cases/${c.ref}`);
    await clearStepUp(first.id);
    await panel(one.page).getByRole("button", { name: /^Approve/ }).click();
    const dialog = one.page.getByRole("dialog", { name: /Approve/ });
    await expect(dialog).toContainText(/second/i);
    await dialog.getByRole("button", { name: /Approve|second approval/i }).last().click();
    await confirmStepUpWithCode(one.page, await totpCode(first.secret!));
    await expect(panel(one.page).getByRole("status")).toContainText(/second/i);
    expect((await caseRow(c.id)).status).toBe("PENDING_SECOND_APPROVAL");
    expect(await deviceStatus(device.id)).toBe("PENDING");
    // The one who asked is not offered the second approval.
    await one.page.reload();
    await expect(panel(one.page).getByRole("group", { name: "Second approval" })).toHaveCount(0);
  } finally {
    await one.context.close();
  }

  const two = await signedIn(browser, second);
  try {
    await two.page.goto(`/cases/${c.ref}`);
    await clearStepUp(second.id);
    const group = panel(two.page).getByRole("group", { name: "Second approval" });
    await group.getByRole("button", { name: /^Approve/ }).click();
    const dialog = two.page.getByRole("dialog");
    await dialog.getByRole("button", { name: /^Approve|Give/ }).last().click();
    await confirmStepUpWithCode(two.page, await totpCode(second.secret!));
    await expect(panel(two.page).getByRole("status")).toContainText(/authorised/i);
    expect((await caseRow(c.id)).status).toBe("APPROVED");
    expect(await deviceStatus(device.id)).toBe("AUTHORIZED");
  } finally {
    await two.context.close();
  }
});
