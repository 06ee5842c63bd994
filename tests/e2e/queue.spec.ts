import { expect, test, type Page } from "@playwright/test";
import { resetSignInIpLimit, signedIn } from "./support/admin";
import { caseRow, createCases, openCaseCount } from "./support/cases";
import { watchConsoleErrors } from "./support/console-errors";
import { createStaff } from "./support/staff";
import { stateFile } from "./support/state";

// The review queue and the first case page: saved views with counts, URL filters, keyboard
// shortcuts, claim next, notes on the timeline, and supervisors' bulk assignment. Each test writes
// its own customers and cases (support/cases.ts); counts are checked against the database, since
// other tests' cases share it.

const tabs = (page: Page) => page.getByRole("navigation", { name: "Saved views" });
const queueTable = (page: Page) => page.getByRole("table", { name: /Review cases/ });
const rowOf = (page: Page, ref: string) => queueTable(page).getByRole("row").filter({ has: page.getByRole("link", { name: ref, exact: true }) });

test.describe("as an agent", () => {
  test.beforeAll(resetSignInIpLimit);

  test("an agent sees the open cases with counts, searches, uses the shortcuts, claims next with c and notes the case", async ({ browser }, testInfo) => {
    test.setTimeout(60_000);
    // The most urgent case in the run (urgent, breached ten days ago): claim next gives it out first.
    const { account, cases } = await createCases([
      { priority: "URGENT", slaDueInMinutes: -14_400, riskFlags: ["IP_MISMATCH"] },
      { priority: "LOW", slaDueInMinutes: 600 },
    ]);
    const [urgent, low] = cases;
    const other = await createCases([{ priority: "HIGH" }]);
    const agent = await createStaff({ role: "AGENT" });
    const { context, page } = await signedIn(browser, agent);
    const consoleErrors = watchConsoleErrors(page);
    try {
      await page.goto("/queue");
      await expect(page.getByRole("heading", { level: 1, name: "Review queue" })).toBeVisible();

      // Views and counts: all open by default, counted like the database does.
      const counts = await openCaseCount();
      const allOpen = tabs(page).getByRole("link", { name: /^All open/ });
      await expect(allOpen).toHaveAttribute("aria-current", "page");
      await expect(allOpen).toHaveText(`All open (${counts.open})`);
      await expect(tabs(page).getByRole("link", { name: /^Unassigned/ })).toHaveText(`Unassigned (${counts.unassigned})`);
      await expect(tabs(page).getByRole("link", { name: /^My cases/ })).toHaveText("My cases (0)");
      await expect(tabs(page).getByRole("link", { name: /^Unmatched emails/ })).toHaveAttribute("href", "/inbound?status=unmatched");
      for (const ref of [urgent.ref, low.ref, other.cases[0].ref]) await expect(rowOf(page, ref)).toHaveCount(1);
      const urgentRow = rowOf(page, urgent.ref);
      await expect(urgentRow).toContainText("Urgent");
      await expect(urgentRow).toContainText("IP mismatch");
      await expect(urgentRow).toContainText(/Breached \d+d \d+h ago/);
      await expect(urgentRow).toContainText(account.uid);
      await page.screenshot({ path: testInfo.outputPath("queue-agent.png"), fullPage: true });
      // Agents do not assign: no checkboxes, no bulk bar.
      await expect(page.getByRole("checkbox", { name: "Select every case on this page" })).toHaveCount(0);
      await expect(page.getByRole("group", { name: "Bulk actions" })).toHaveCount(0);

      // Search by account uid: only that customer's two cases, most urgent first; the URL keeps it.
      const filters = page.getByRole("form", { name: "Filter the queue" });
      await filters.getByLabel("Search").fill(account.uid);
      await filters.getByRole("button", { name: "Apply filters", exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/queue\\?.*q=${account.uid}`));
      await expect(queueTable(page).getByRole("row")).toHaveCount(3);
      await expect(rowOf(page, other.cases[0].ref)).toHaveCount(0);
      await expect(queueTable(page).getByRole("row").nth(1)).toContainText(urgent.ref);
      await page.reload();
      await expect(filters.getByLabel("Search")).toHaveValue(account.uid);
      await expect(queueTable(page).getByRole("row")).toHaveCount(3);

      // Keyboard: j highlights rows, ? opens the help, Escape closes it.
      await page.getByRole("heading", { level: 1 }).click();
      await page.keyboard.press("j");
      await expect(rowOf(page, urgent.ref)).toHaveAttribute("aria-current", "true");
      await page.keyboard.press("j");
      await expect(rowOf(page, low.ref)).toHaveAttribute("aria-current", "true");
      await page.keyboard.press("k");
      await expect(rowOf(page, urgent.ref)).toHaveAttribute("aria-current", "true");
      await page.keyboard.press("?");
      const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
      await expect(help).toBeVisible();
      await expect(help).toContainText("Claim the next case and open it");
      await page.keyboard.press("Escape");
      await expect(help).toBeHidden();
      // Typing c in the search box types; it does not claim.
      await filters.getByLabel("Search").press("c");
      await expect(page).toHaveURL(/\/queue/);
      expect((await caseRow(urgent.id)).assigneeId).toBeNull();

      // c claims the most urgent unassigned case and opens it.
      await page.getByRole("heading", { level: 1 }).click();
      await page.keyboard.press("c");
      await expect(page).toHaveURL(new RegExp(`/cases/${urgent.ref}$`));
      await expect(page.getByRole("heading", { level: 1, name: `Case ${urgent.ref}` })).toBeVisible();
      const summary = page.getByRole("region", { name: "Case summary" });
      await expect(summary).toContainText(agent.name);
      await expect(summary).toContainText("In review");
      await expect(summary.getByRole("button", { name: "Claim", exact: true })).toHaveCount(0);
      expect(await caseRow(urgent.id)).toEqual({ status: "IN_REVIEW", assigneeId: agent.id });

      // The workspace: account, device, documents (metadata only), timeline.
      await expect(page.getByRole("region", { name: "Account" })).toContainText(account.realName);
      await expect(page.getByRole("region", { name: "Account" }).getByRole("link", { name: `Open account ${account.uid}` })).toHaveAttribute("href", `/accounts/${account.uid}`);
      await expect(page.getByRole("region", { name: "Device under review" })).toContainText("iPhone 15");
      const documents = page.getByRole("region", { name: "Document details" });
      await expect(documents.getByRole("row").filter({ hasText: "Front" })).toContainText("Accepted");
      await expect(documents).toContainText("1240 × 820");
      const timeline = page.getByRole("region", { name: "Timeline" });
      await expect(timeline).toContainText("Case opened");
      await expect(timeline).toContainText(`Claimed by ${agent.name}`);

      // A note: listed under notes and quoted on the timeline.
      const note = `Name on the ID matches the KYC record ${Date.now()}`;
      const form = page.getByRole("form", { name: "Add an internal note" });
      await form.getByLabel("Internal note").fill(note);
      await form.getByRole("button", { name: "Add note", exact: true }).click();
      await expect(form.getByRole("status")).toHaveText("Note added.");
      await expect(form.getByLabel("Internal note")).toHaveValue("");
      await expect(page.getByRole("region", { name: "Internal notes" }).getByRole("listitem").filter({ hasText: note })).toContainText(agent.name);
      await expect(timeline.getByRole("listitem").filter({ hasText: `Note added by ${agent.name}` })).toContainText(note);
      await page.screenshot({ path: testInfo.outputPath("case-page.png"), fullPage: true });

      // Back on the queue, the case is under "My cases".
      await page.goto("/queue?view=mine");
      await expect(tabs(page).getByRole("link", { name: /^My cases/ })).toHaveText("My cases (1)");
      await expect(rowOf(page, urgent.ref)).toContainText(agent.name);

      expect(consoleErrors()).toEqual([]);

      // An unknown reference is the not-found page.
      await page.goto("/cases/GH-999999");
      await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    } finally {
      await context.close();
    }
  });
});

test.describe("auto-assignment", () => {
  test.beforeAll(resetSignInIpLimit);

  test("an agent switches auto-assignment on with the keyboard and off again; the switch is labelled and survives a reload", async ({ browser }) => {
    const agent = await createStaff({ role: "AGENT" });
    const { context, page } = await signedIn(browser, agent);
    const consoleErrors = watchConsoleErrors(page);
    try {
      await page.goto("/queue");
      const region = page.getByRole("region", { name: "Auto-assignment" });
      const toggle = region.getByRole("switch", { name: "Give me cases automatically" });
      await expect(toggle).not.toBeChecked();
      await toggle.focus();
      await page.keyboard.press("Space");
      await expect(region.getByRole("status")).toHaveText("Auto-assignment is on: cases will come to you.");
      await expect(toggle).toBeChecked();
      await page.reload();
      await expect(toggle).toBeChecked();
      await toggle.click();
      await expect(region.getByRole("status")).toHaveText("Auto-assignment is off.");
      await expect(toggle).not.toBeChecked();
      expect(consoleErrors()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

test.describe("as a supervisor", () => {
  test.use({ storageState: stateFile("supervisor") });

  test("a supervisor bulk-assigns cases to an agent and releases one; the result is announced", async ({ page }, testInfo) => {
    const consoleErrors = watchConsoleErrors(page);
    const agent = await createStaff({ role: "AGENT" });
    const { account, cases } = await createCases([{ priority: "NORMAL" }, { priority: "HIGH" }]);
    const [first, second] = cases;

    await page.goto(`/queue?q=${account.uid}`);
    await expect(queueTable(page).getByRole("row")).toHaveCount(3);
    const bulk = page.getByRole("group", { name: "Bulk actions" });
    await expect(bulk.getByRole("button", { name: "Assign", exact: true })).toBeDisabled();

    // Both cases to the agent.
    await page.getByRole("checkbox", { name: "Select every case on this page" }).check();
    await expect(bulk).toContainText("2 cases selected");
    await page.screenshot({ path: testInfo.outputPath("queue-supervisor.png"), fullPage: true });
    await bulk.getByLabel("Assign to").selectOption({ label: `${agent.name} (agent)` });
    await bulk.getByRole("button", { name: "Assign", exact: true }).click();
    await expect(page.getByRole("main").getByRole("status").filter({ hasText: "Assigned" })).toHaveText(`Assigned 2 cases to ${agent.name}.`);
    await expect(rowOf(page, first.ref)).toContainText(agent.name);
    await expect(rowOf(page, second.ref)).toContainText(agent.name);
    expect(await caseRow(first.id)).toEqual({ status: "IN_REVIEW", assigneeId: agent.id });
    expect(await caseRow(second.id)).toEqual({ status: "IN_REVIEW", assigneeId: agent.id });

    // Release one back to the pool.
    await page.getByRole("checkbox", { name: `Select ${first.ref}` }).check();
    await expect(bulk).toContainText("1 case selected");
    await bulk.getByRole("button", { name: "Release", exact: true }).click();
    await expect(page.getByRole("main").getByRole("status").filter({ hasText: "Released" })).toHaveText("Released 1 case to the unassigned pool.");
    await expect(rowOf(page, first.ref)).toContainText("Unassigned");
    expect(await caseRow(first.id)).toEqual({ status: "NEW", assigneeId: null });
    expect((await caseRow(second.id)).assigneeId).toBe(agent.id);
    expect(consoleErrors()).toEqual([]);
  });
});

test.describe("sorting and columns", () => {
  test.use({ storageState: stateFile("auditor") });

  test("column headers sort through the URL, hidden columns stay hidden after a reload, and read-only roles cannot claim", async ({ page }) => {
    const { account, cases } = await createCases([{ priority: "LOW", slaDueInMinutes: 30 }, { priority: "URGENT", slaDueInMinutes: 900 }]);
    const [soon, urgent] = cases;
    await page.goto(`/queue?q=${account.uid}`);
    const rows = queueTable(page).getByRole("row");
    // Default: most urgent first.
    await expect(rows.nth(1)).toContainText(urgent.ref);
    await expect(queueTable(page).getByRole("columnheader", { name: /Priority/ })).toHaveAttribute("aria-sort", "descending");

    // By SLA: the one due in half an hour first; the filter stays.
    await queueTable(page).getByRole("link", { name: /SLA/ }).click();
    await expect(page).toHaveURL(/sort=sla/);
    await expect(page).toHaveURL(new RegExp(`q=${account.uid}`));
    await expect(rows.nth(1)).toContainText(soon.ref);
    await expect(queueTable(page).getByRole("columnheader", { name: /SLA/ })).not.toHaveAttribute("aria-sort", "none");

    // Hide the risk flags column; it stays hidden after a reload (this browser remembers).
    await expect(queueTable(page).getByRole("columnheader", { name: "Risk flags" })).toHaveCount(1);
    await page.locator("summary").filter({ hasText: "Columns" }).click();
    await page.getByRole("group", { name: "Visible columns" }).getByLabel("Risk flags").uncheck();
    await expect(queueTable(page).getByRole("columnheader", { name: "Risk flags" })).toHaveCount(0);
    await page.reload();
    await expect(rows.nth(1)).toContainText(soon.ref);
    await expect(queueTable(page).getByRole("columnheader", { name: "Risk flags" })).toHaveCount(0);

    // Auditors read the queue but neither claim nor assign; c does nothing.
    await expect(page.getByRole("button", { name: "Claim next", exact: true })).toHaveCount(0);
    await expect(page.getByRole("group", { name: "Bulk actions" })).toHaveCount(0);
    await page.getByRole("heading", { level: 1 }).click();
    await page.keyboard.press("c");
    await expect(page).toHaveURL(/\/queue\?/);
    expect((await caseRow(urgent.id)).assigneeId).toBeNull();
  });
});
