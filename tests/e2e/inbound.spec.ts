import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { e2eEnv } from "./env";
import { watchConsoleErrors } from "./support/console-errors";
import { stateFile } from "./support/state";

// The inbound email list and one email's page, as supervisors and auditors use them. Rows are
// written straight into the run's database, in the states the intake pipeline leaves them.

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: e2eEnv.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function makeEmail(status: string, fields: { subject: string; fromAddress: string; parseError?: string }): Promise<string> {
  const id = randomUUID();
  await sql(
    `INSERT INTO "InboundEmail" (id, provider, "providerMessageId", "rawKey", "rawSha256", "rawSize", status, "fromAddress", "fromName", subject, "parseError", spf, dkim, dmarc, "displayNameSpoof", "receivedAt")
     VALUES ($1, 'POSTMARK', $2, $3, $4, 100, $5::"InboundEmailStatus", $6, 'Mallory', $7, $8, 'PASS', 'FAIL', 'NONE', true, now())`,
    [id, `pm-${id}`, `quarantine/raw/${id}.json`, "c".repeat(64), status, fields.fromAddress, fields.subject, fields.parseError ?? null],
  );
  return id;
}

async function makeDocument(inboundEmailId: string, fileName: string): Promise<void> {
  const id = randomUUID();
  await sql(
    `INSERT INTO "Document" (id, "inboundEmailId", "originalKey", sha256, "sizeBytes", "sniffedType", "fileName", verdict, "verdictReason", "createdAt")
     VALUES ($1, $2, $3, $4, 5000, 'image/heic', $5, 'PREVIEW_UNAVAILABLE', 'HEIC image that cannot be rendered here', now())`,
    [id, inboundEmailId, `quarantine/originals/${id}`, "d".repeat(64), fileName],
  );
}

test.describe("inbound email", () => {
  test.use({ storageState: stateFile("supervisor") });

  test("a supervisor filters to dead letters, searches, opens one and retries it; hostile text stays text", async ({ page }, testInfo) => {
    const consoleErrors = watchConsoleErrors(page);
    const tag = randomUUID().slice(0, 8);
    const hostile = `<script>alert("x")</script> photos ${tag}`;
    const failedId = await makeEmail("FAILED", { subject: hostile, fromAddress: `dead-${tag}@mail.example.com`, parseError: "Processing failed after 5 attempts (S3ServiceException)" });
    await makeEmail("UNMATCHED", { subject: `unmatched ${tag}`, fromAddress: `stranger-${tag}@mail.example.com` });
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });

    await page.goto("/inbound");
    await expect(page.getByRole("heading", { level: 1, name: "Inbound email" })).toBeVisible();
    const tabs = page.getByRole("navigation", { name: "Filter by status" });
    await tabs.getByRole("link", { name: "Failed (dead letters)" }).click();
    await expect(page).toHaveURL(/\/inbound\?status=failed$/);
    await expect(tabs.getByRole("link", { name: "Failed (dead letters)" })).toHaveAttribute("aria-current", "page");

    await page.getByRole("searchbox", { name: "Search" }).fill(tag);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(new RegExp(`status=failed&q=${tag}`));
    const rows = page.getByRole("table").getByRole("row");
    await expect(rows).toHaveCount(2); // header + the dead letter; the unmatched one is filtered out
    await expect(page.getByRole("table")).toContainText("Processing failed after 5 attempts");
    await page.screenshot({ path: testInfo.outputPath("inbound-list.png"), fullPage: true });

    await page.getByRole("link", { name: hostile }).click();
    await expect(page).toHaveURL(new RegExp(`/inbound/${failedId}$`));
    await expect(page.getByRole("heading", { level: 1, name: hostile })).toBeVisible();
    await expect(page.getByText("Display-name spoofing")).toBeVisible();
    await expect(page.getByText("DKIM fail")).toBeVisible();
    await expect(page.getByText("SPF pass")).toBeVisible();

    await page.screenshot({ path: testInfo.outputPath("inbound-email.png"), fullPage: true });
    await page.getByRole("button", { name: "Retry processing" }).click();
    await page.getByRole("button", { name: "Yes, retry" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Queued again" })).toBeVisible();
    await expect(page.getByText("Stored; waiting for the intake worker.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Retry processing" })).toHaveCount(0);
    expect(dialogs).toEqual([]);
    expect(consoleErrors()).toEqual([]);
  });

  test("a supervisor links an unmatched email to an account and relabels an attachment", async ({ page }, testInfo) => {
    const tag = randomUUID().slice(0, 8);
    const id = await makeEmail("UNMATCHED", { subject: `unmatched ${tag}`, fromAddress: `stranger-${tag}@mail.example.com` });
    await makeDocument(id, "front.heic");
    const uid = `U${tag}`;
    await sql(`INSERT INTO "Account" (id, uid, email, "emailNormalized", "createdAt", "updatedAt") VALUES ($1, $2, $3, $3, now(), now())`, [randomUUID(), uid, `bound-${tag}@mail.example.com`]);

    await page.goto(`/inbound/${id}`);
    await page.getByRole("combobox", { name: "Side of front.heic" }).selectOption("FRONT");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Now front.")).toBeVisible();

    await page.getByLabel("Link to account").fill("U-nobody");
    await page.getByRole("button", { name: "Link", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "No account with this user id" })).toBeVisible();
    await page.getByLabel("Link to account").fill(uid);
    await page.getByRole("button", { name: "Link", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: `Linked to account ${uid}` })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("inbound-linked.png"), fullPage: true });
    const [row] = await sql<{ status: string; linkedById: string | null }>(`SELECT status::text, "linkedById" FROM "InboundEmail" WHERE id = $1`, [id]);
    expect(row.status).toBe("RECEIVED");
    expect(row.linkedById).not.toBeNull();
  });
});

test.describe("inbound email as an auditor", () => {
  test.use({ storageState: stateFile("auditor") });

  test("reads the list and an email, with no actions offered", async ({ page }) => {
    const tag = randomUUID().slice(0, 8);
    const id = await makeEmail("FAILED", { subject: `audit view ${tag}`, fromAddress: `dead-${tag}@mail.example.com`, parseError: "Malformed message" });
    await page.goto(`/inbound?q=${tag}`);
    await expect(page.getByRole("link", { name: `audit view ${tag}` })).toBeVisible();
    await page.goto(`/inbound/${id}`);
    await expect(page.getByRole("heading", { level: 1, name: `audit view ${tag}` })).toBeVisible();
    await expect(page.getByText("Malformed message")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Actions" })).toHaveCount(0);
  });
});
