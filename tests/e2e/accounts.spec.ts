import { expect, test, type Page } from "@playwright/test";
import { clearStepUp, confirmStepUpWithCode, fact, resetSignInIpLimit, signedIn } from "./support/admin";
import {
  approvalRows,
  approvalsSection,
  createAccount,
  createApprovalRow,
  createWebhookEndpointRow,
  deleteWebhookEndpointRow,
  deviceRow,
  deviceTableRow,
  loginTable,
  openAccount,
  uniq,
  webhookDeliveries,
} from "./support/accounts";
import { createStaff, totpCode } from "./support/staff";
import { stateFile } from "./support/state";

// Customer accounts: search, the account page (identity, risk flags, devices with their expiry
// countdown, login history and its URL filters), and device decisions with step-up and four eyes.
// Global setup seeds staff only: each test writes its own customer (support/accounts.ts). Tests
// that act sign in fresh staff; read-only ones use the saved demo sessions.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms);

// Device table columns: Device, App version, First seen, Last seen, Status, Authorised, Expiry, Actions.
const STATUS_COL = 4;
const AUTHORISED_COL = 5;
const EXPIRY_COL = 6;

/** The device's action group (its buttons and forms) on the account page. */
const deviceActions = (page: Page, externalId: string) => page.getByRole("group", { name: `Actions for device ${externalId}` });

test.describe("account search and the account page", () => {
  test.use({ storageState: stateFile("supervisor") });

  test("a supervisor finds an account by uid and by email, sees identity, devices, risk flags and login history, and filters failures", async ({ page }) => {
    const phone = `iph-${uniq()}`;
    const tablet = `and-${uniq()}`;
    const account = await createAccount({
      devices: [
        // Last login 5 days and an hour ago: 24 whole days left of 30.
        { externalId: phone, status: "AUTHORIZED", platform: "IOS", model: "iPhone 15", lastLoginAt: ago(5 * DAY + HOUR) },
        { externalId: tablet, status: "PENDING", platform: "ANDROID", model: "Pixel 8" },
      ],
      logins: [
        { device: 0, occurredAt: ago(HOUR), outcome: "SUCCESS", ip: "198.51.7.10", webIp: "198.51.7.10" },
        { device: 0, occurredAt: ago(2 * HOUR), outcome: "FAILURE", method: "SECURITY_ITEMS", failureReason: "CODE_WRONG" },
        { device: 1, occurredAt: ago(3 * HOUR), outcome: "FAILURE", failureReason: "FACE_MISMATCH" },
        // The web session and the app saw different addresses: the IP-mismatch flag.
        { device: 0, occurredAt: ago(DAY), outcome: "SUCCESS", ip: "198.51.7.10", webIp: "203.0.113.99" },
        { device: 0, occurredAt: ago(5 * DAY + HOUR), outcome: "SUCCESS" },
      ],
    });

    // By uid …
    await page.goto("/accounts");
    const search = page.getByRole("search");
    await search.getByLabel("Find an account").fill(account.uid);
    await search.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(new RegExp(`/accounts\\?q=${account.uid}$`));
    const results = page.getByRole("table", { name: /Accounts matching the search/ });
    await expect(page.getByRole("heading", { name: `1 account(s) match “${account.uid}”` })).toBeVisible();
    await expect(results.getByRole("row").filter({ hasText: account.uid })).toContainText("Account uid");

    // … and by email, typed in another case.
    await search.getByLabel("Find an account").fill(account.email.toUpperCase());
    await search.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/\/accounts\?q=CUSTOMER\./);
    const hit = results.getByRole("row").filter({ hasText: account.uid });
    await expect(hit).toHaveCount(1);
    await expect(hit).toContainText(account.email);
    await expect(hit).toContainText(account.realName);
    await hit.getByRole("link", { name: account.uid }).click();

    // Identity.
    await expect(page).toHaveURL(new RegExp(`/accounts/${account.uid}$`));
    await expect(page.getByRole("heading", { level: 1, name: `Account ${account.uid}` })).toBeVisible();
    const identity = page.getByRole("region", { name: "Identity" });
    await expect(identity.getByText("Identity verified", { exact: true })).toBeVisible();
    await expect(fact(page, "Real name")).toHaveText(account.realName);
    await expect(fact(page, "Account uid")).toHaveText(account.uid);
    await expect(fact(page, "Bound email")).toHaveText(account.email);

    // Risk flags: the web/app mismatch, and nothing else.
    const risk = page.getByRole("region", { name: "Risk flags" });
    await expect(risk.getByText("Web and app IP differ")).toBeVisible();
    await expect(risk).toContainText("1 login(s) where the web session and the app reported different IP addresses");
    await expect(risk.getByRole("listitem")).toHaveCount(1);
    await risk.getByText("Evidence: 1 login(s)").click();
    await expect(risk.getByRole("row").filter({ hasText: "web 203.0.113.99" })).toHaveCount(1);

    // Devices: status and the expiry countdown (authorised devices only).
    await expect(page.getByText("Authorised devices expire after 30 days without a login.")).toBeVisible();
    const phoneRow = deviceTableRow(page, phone);
    await expect(phoneRow.getByRole("cell").nth(0)).toContainText("iOS · iPhone 15");
    await expect(phoneRow.getByRole("cell").nth(STATUS_COL)).toHaveText("Authorised");
    await expect(phoneRow.getByRole("cell").nth(AUTHORISED_COL)).toContainText("Face check");
    await expect(phoneRow.getByRole("cell").nth(EXPIRY_COL)).toContainText("in 24 days");
    await expect(phoneRow.getByRole("cell").nth(EXPIRY_COL)).toContainText("UTC");
    const tabletRow = deviceTableRow(page, tablet);
    await expect(tabletRow.getByRole("cell").nth(STATUS_COL)).toHaveText("Pending");
    await expect(tabletRow.getByRole("cell").nth(AUTHORISED_COL)).toHaveText("Not authorised");
    await expect(tabletRow.getByRole("cell").nth(EXPIRY_COL)).toHaveText("—");

    // Login history: all five, newest first; the mismatch row shows both addresses.
    const logins = loginTable(page);
    await expect(logins.getByRole("row")).toHaveCount(6);
    await expect(logins.getByRole("row").nth(1)).toContainText("Success");
    await expect(logins.getByRole("row").filter({ hasText: "web 203.0.113.99 ≠" })).toHaveCount(1);

    // Filter by outcome: the state goes into the URL and survives a reload.
    const filters = page.getByRole("form", { name: "Filter the login history" });
    await filters.getByLabel("Outcome").selectOption({ label: "Failed" });
    await filters.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/[?&]outcome=FAILURE(&|#|$)/);
    await expect(logins.getByRole("row")).toHaveCount(3);
    for (const row of await logins.getByRole("row").all().then((rows) => rows.slice(1))) {
      await expect(row).toContainText("Failed");
      await expect(row).not.toContainText("Success");
    }
    await expect(logins).toContainText("Wrong code");
    await expect(logins).toContainText("Face mismatch");
    await page.reload();
    await expect(filters.getByLabel("Outcome")).toHaveValue("FAILURE");
    await expect(logins.getByRole("row")).toHaveCount(3);

    // Clearing shows every login again.
    await filters.getByRole("link", { name: "Clear" }).click();
    await expect(page).not.toHaveURL(/outcome=/);
    await expect(logins.getByRole("row")).toHaveCount(6);
  });

  test("an account without mismatching addresses shows no risk flag", async ({ page }) => {
    const device = `iph-${uniq()}`;
    const account = await createAccount({
      devices: [{ externalId: device, status: "AUTHORIZED" }],
      logins: [
        { device: 0, occurredAt: ago(2 * DAY), outcome: "SUCCESS", ip: "198.51.7.10", webIp: "198.51.7.10" },
        { device: 0, occurredAt: ago(DAY), outcome: "SUCCESS", ip: "198.51.7.10" },
      ],
    });
    await openAccount(page, account.uid);
    const risk = page.getByRole("region", { name: "Risk flags" });
    await expect(risk).toContainText("No risk flags");
    await expect(risk.getByText("Web and app IP differ")).toHaveCount(0);
  });
});

test.describe("device decisions", () => {
  // Fresh staff sign in from 127.0.0.1: start from an empty per-IP failure window.
  test.beforeAll(resetSignInIpLimit);

  test("a supervisor revokes an authorised device with a reason and note after step-up; the identity service's delivery is recorded", async ({ browser }) => {
    const device = `iph-${uniq()}`;
    const spare = `and-${uniq()}`;
    const account = await createAccount({
      devices: [
        { externalId: device, status: "AUTHORIZED", model: "iPhone 15" },
        { externalId: spare, status: "AUTHORIZED", platform: "ANDROID" },
      ],
    });
    const endpoint = await createWebhookEndpointRow(["device.revoked"]);
    const supervisor = await createStaff({ role: "SUPERVISOR" });
    const { context, page } = await signedIn(browser, supervisor);
    try {
      await openAccount(page, account.uid);
      await expect(deviceTableRow(page, device).getByRole("cell").nth(STATUS_COL)).toHaveText("Authorised");

      // The sign-in is older than the step-up window: the revoke asks for a code.
      expect(await clearStepUp(supervisor.id)).toBeGreaterThan(0);
      const actions = deviceActions(page, device);
      await expect(actions.getByRole("button", { name: "Authorise…" })).toHaveCount(0);
      await actions.getByRole("button", { name: "Revoke…" }).click();
      const form = actions.getByRole("form", { name: `Revoke device ${device}` });
      await expect(form.getByRole("button", { name: "Revoke", exact: true })).toBeDisabled();
      await form.getByLabel("Reason").selectOption({ label: "Lost or stolen" });
      const note = `Customer called from a landline, phone stolen ${uniq()}`;
      await form.getByLabel("Note (optional)").fill(note);
      await form.getByRole("button", { name: "Revoke", exact: true }).click();
      await confirmStepUpWithCode(page, await totpCode(supervisor.secret!));

      await expect(actions.getByRole("status")).toHaveText("Revoked. The identity service is being told.");
      const row = deviceTableRow(page, device);
      await expect(row.getByRole("cell").nth(STATUS_COL)).toHaveText("Revoked");
      await expect(row.getByRole("cell").nth(AUTHORISED_COL)).toContainText(`by ${supervisor.name}`);
      await expect(row.getByRole("cell").nth(AUTHORISED_COL)).toContainText("lost or stolen");
      await expect(row.getByRole("cell").nth(EXPIRY_COL)).toHaveText("—");
      await expect(actions.getByRole("button", { name: "Revoke…" })).toHaveCount(0);
      // The other device is untouched.
      await expect(deviceTableRow(page, spare).getByRole("cell").nth(STATUS_COL)).toHaveText("Authorised");

      const stored = await deviceRow(account.devices[0].id);
      expect(stored).toEqual({ status: "REVOKED", decisionNote: note, decisionReason: "LOST_OR_STOLEN", decidedById: supervisor.id });
      expect((await deviceRow(account.devices[1].id)).status).toBe("AUTHORIZED");

      // One delivery of device.revoked to the subscribed endpoint, naming the device (ids only).
      const deliveries = await webhookDeliveries(endpoint.id);
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0].eventType).toBe("device.revoked");
      const payload = JSON.stringify(deliveries[0].payload);
      expect(payload).toContain(account.devices[0].id);
      expect(payload).toContain(device);
      expect(payload).not.toContain(note);
      expect(payload).not.toContain(account.email);
    } finally {
      await context.close();
      await deleteWebhookEndpointRow(endpoint.id);
    }
  });

  test("authorising without a case waits for a second supervisor; the requester cannot approve their own request", async ({ browser }) => {
    test.setTimeout(90_000);
    const fromAgent = `iph-${uniq()}`;
    const fromSupervisor = `and-${uniq()}`;
    const account = await createAccount({
      devices: [
        { externalId: fromAgent, status: "PENDING", model: "iPhone 15" },
        { externalId: fromSupervisor, status: "PENDING", platform: "ANDROID", model: "Pixel 8" },
      ],
    });
    const [agentDevice, supervisorDevice] = account.devices;
    const agent = await createStaff({ role: "AGENT" });
    const first = await createStaff({ role: "SUPERVISOR" });
    const second = await createStaff({ role: "SUPERVISOR" });

    /** Opens the authorise form for a device, picks "Customer's request", adds a note, submits. */
    async function requestAuthorisation(page: Page, externalId: string, note: string): Promise<void> {
      const actions = deviceActions(page, externalId);
      await actions.getByRole("button", { name: "Authorise…" }).click();
      const form = actions.getByRole("form", { name: `Authorise device ${externalId}` });
      await form.getByLabel("Reason").selectOption({ label: "Customer's request" });
      await form.getByLabel("Note (optional)").fill(note);
      await expect(form.getByLabel("Review case (optional)")).toHaveValue("");
      await form.getByRole("button", { name: "Authorise", exact: true }).click();
      // A fresh sign-in counts as stepped up: no dialog.
      await expect(actions.getByRole("status")).toHaveText("Sent for a second supervisor's approval; the device stays pending until then.");
    }

    // The agent asks; the device stays pending.
    const a = await signedIn(browser, agent);
    const s1 = await signedIn(browser, first);
    const s2 = await signedIn(browser, second);
    try {
      await openAccount(a.page, account.uid);
      await requestAuthorisation(a.page, fromAgent, "Verified by video call");
      await expect(deviceTableRow(a.page, fromAgent).getByRole("cell").nth(STATUS_COL)).toHaveText("Pending");
      expect((await deviceRow(agentDevice.id)).status).toBe("PENDING");
      expect(await approvalRows(agentDevice.id)).toEqual([{ status: "PENDING", requestedById: agent.id, decidedById: null, reasonCode: "CUSTOMER_REQUEST" }]);
      // The agent sees the request waiting, without a way to decide it.
      const agentView = approvalsSection(a.page);
      await expect(agentView.getByRole("listitem")).toHaveCount(1);
      await expect(agentView.getByRole("button", { name: "Approve" })).toHaveCount(0);

      // The first supervisor asks for the other device …
      await openAccount(s1.page, account.uid);
      await requestAuthorisation(s1.page, fromSupervisor, "Customer at the branch with ID");
      expect(await approvalRows(supervisorDevice.id)).toEqual([{ status: "PENDING", requestedById: first.id, decidedById: null, reasonCode: "CUSTOMER_REQUEST" }]);

      // … and cannot approve their own request, only the agent's.
      const firstView = approvalsSection(s1.page);
      const own = firstView.getByRole("listitem").filter({ hasText: fromSupervisor });
      const agents = firstView.getByRole("listitem").filter({ hasText: fromAgent });
      await expect(firstView.getByRole("listitem")).toHaveCount(2);
      await expect(own).toContainText(`asked by ${first.name}`);
      await expect(own).toContainText("Another supervisor must decide this one.");
      await expect(own.getByRole("button")).toHaveCount(0);
      await expect(agents).toContainText(`asked by ${agent.name}`);
      await expect(agents).toContainText("“Verified by video call”");
      await expect(agents.getByRole("button", { name: "Approve" })).toBeVisible();

      // The second supervisor sees both under pending approvals and approves the first one's (step-up).
      await openAccount(s2.page, account.uid);
      const secondView = approvalsSection(s2.page);
      await expect(secondView.getByRole("listitem")).toHaveCount(2);
      expect(await clearStepUp(second.id)).toBeGreaterThan(0);
      await secondView.getByRole("listitem").filter({ hasText: fromSupervisor }).getByRole("button", { name: "Approve" }).click();
      await confirmStepUpWithCode(s2.page, await totpCode(second.secret!));
      await expect(secondView.getByRole("status")).toHaveText("Approved: the device is authorised. The identity service is being told.");
      await expect(deviceTableRow(s2.page, fromSupervisor).getByRole("cell").nth(STATUS_COL)).toHaveText("Authorised");
      await expect(secondView.getByRole("listitem")).toHaveCount(1);
      expect((await deviceRow(supervisorDevice.id)).status).toBe("AUTHORIZED");
      expect(await approvalRows(supervisorDevice.id)).toEqual([{ status: "APPROVED", requestedById: first.id, decidedById: second.id, reasonCode: "CUSTOMER_REQUEST" }]);

      // The first supervisor approves the agent's request (step-up).
      await s1.page.reload();
      await expect(firstView.getByRole("listitem")).toHaveCount(1);
      expect(await clearStepUp(first.id)).toBeGreaterThan(0);
      await firstView.getByRole("listitem").filter({ hasText: fromAgent }).getByRole("button", { name: "Approve" }).click();
      await confirmStepUpWithCode(s1.page, await totpCode(first.secret!));
      await expect(firstView.getByRole("status")).toHaveText("Approved: the device is authorised. The identity service is being told.");
      await expect(deviceTableRow(s1.page, fromAgent).getByRole("cell").nth(STATUS_COL)).toHaveText("Authorised");
      await expect(deviceTableRow(s1.page, fromAgent).getByRole("cell").nth(EXPIRY_COL)).toContainText("in 29 days");
      expect((await deviceRow(agentDevice.id)).status).toBe("AUTHORIZED");
      expect(await approvalRows(agentDevice.id)).toEqual([{ status: "APPROVED", requestedById: agent.id, decidedById: first.id, reasonCode: "CUSTOMER_REQUEST" }]);

      // Nothing waits any more.
      await s1.page.reload();
      await expect(approvalsSection(s1.page)).toHaveCount(0);
    } finally {
      await a.context.close();
      await s1.context.close();
      await s2.context.close();
    }
  });
});

test.describe("as an auditor", () => {
  test.use({ storageState: stateFile("auditor") });

  test("an auditor sees the account page, devices and pending approvals without any action button", async ({ page }) => {
    const pending = `iph-${uniq()}`;
    const authorised = `and-${uniq()}`;
    const account = await createAccount({
      devices: [
        { externalId: pending, status: "PENDING" },
        { externalId: authorised, status: "AUTHORIZED", platform: "ANDROID" },
      ],
      logins: [{ device: 1, occurredAt: ago(HOUR), outcome: "SUCCESS" }],
    });
    const requester = await createStaff({ role: "AGENT" });
    await createApprovalRow(account.devices[0].id, requester.id, "Asked by phone");

    await openAccount(page, account.uid);
    await expect(fact(page, "Account uid")).toHaveText(account.uid);
    await expect(deviceTableRow(page, pending).getByRole("cell").nth(STATUS_COL)).toHaveText("Pending");
    await expect(deviceTableRow(page, authorised).getByRole("cell").nth(STATUS_COL)).toHaveText("Authorised");
    await expect(loginTable(page).getByRole("row")).toHaveCount(2);
    // The request is listed (so the missing buttons are not just an empty section) …
    const approvals = approvalsSection(page);
    await expect(approvals.getByRole("listitem")).toHaveCount(1);
    await expect(approvals).toContainText(`asked by ${requester.name}`);
    // … but nothing can be decided or changed.
    await expect(page.getByRole("group", { name: /^Actions for device / })).toHaveCount(0);
    for (const name of ["Authorise…", "Revoke…", "Revoke all others…", "Approve", "Decline"]) {
      await expect(page.getByRole("button", { name, exact: true }), name).toHaveCount(0);
    }
  });
});
