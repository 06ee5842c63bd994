import { expect, test } from "@playwright/test";
import { resetSignInIpLimit } from "./support/admin";
import { uniq, webhookEndpointsByName } from "./support/accounts";
import { signIn } from "./support/auth";
import { createStaff } from "./support/staff";

// Webhook endpoints on /admin/webhooks. The e2e server runs without WEBHOOK_ALLOW_PRIVATE_TARGETS
// (tests/e2e/env.ts), so loopback targets and plain http are refused. A public IP literal passes
// the target check without DNS; nothing delivers to it (no worker runs here), and the test deletes
// the endpoint again so later device events record no deliveries for it.

test.describe("webhook endpoints", () => {
  test.beforeAll(resetSignInIpLimit);

  test("an admin is refused private and plain-http targets, adds an https endpoint, sees its secret once, and deletes it", async ({ page }) => {
    const admin = await createStaff({ role: "ADMIN" });
    await signIn(page, admin);
    await page.goto("/admin/webhooks");
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();

    const name = `E2E identity service ${uniq()}`;
    await page.getByText("Add an endpoint").click();
    const form = page.getByRole("form", { name: "New webhook endpoint" });
    await form.getByLabel("Name").fill(name);
    // Every event is ticked by default.
    for (const label of ["Device authorised", "Device revoked", "Device expired (30 days)", "Case decided"]) {
      await expect(form.getByLabel(label)).toBeChecked();
    }
    const alert = page.getByRole("main").getByRole("alert");

    await form.getByLabel("URL").fill("https://127.0.0.1:8443/hook");
    await form.getByRole("button", { name: "Add endpoint" }).click();
    await expect(alert).toHaveText("The URL points at a private, loopback or link-local address; webhooks go to public hosts only.");

    await form.getByLabel("URL").fill("http://1.1.1.1/hook");
    await form.getByRole("button", { name: "Add endpoint" }).click();
    await expect(alert).toHaveText("Webhook URLs must use https.");
    expect(await webhookEndpointsByName(name)).toHaveLength(0);

    // A public https target: added, with its signing secret shown now.
    const url = `https://1.1.1.1/gatehouse-e2e/${uniq()}`;
    await form.getByLabel("URL").fill(url);
    await form.getByLabel("Case decided").uncheck();
    await form.getByRole("button", { name: "Add endpoint" }).click();
    const notice = page.getByRole("region", { name: `Signing secret for ${name}` });
    await expect(notice).toBeVisible();
    const secret = await notice.getByRole("textbox", { name: "Signing secret" }).inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{20,}$/);
    const rows = await webhookEndpointsByName(name);
    expect(rows).toHaveLength(1);
    expect(rows[0].url).toBe(url);

    const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3, name }) });
    await expect(card).toContainText(url);
    await expect(card).toContainText("Active");
    await expect(card).toContainText("Device revoked");
    await expect(card).not.toContainText("Case decided");
    await expect(card).toContainText("0 pending");

    // … and never again.
    await notice.getByRole("button", { name: "I have stored it" }).click();
    await expect(notice).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    await expect(card).toBeVisible();
    expect(await page.content()).not.toContain(secret);

    // Deleting removes it.
    await card.getByRole("button", { name: "Delete", exact: true }).click();
    await card.getByRole("button", { name: "Yes, delete" }).click();
    await expect(page.getByRole("heading", { level: 3, name })).toHaveCount(0);
    expect(await webhookEndpointsByName(name)).toHaveLength(0);
  });

  test("a supervisor cannot open webhook settings", async ({ page }) => {
    const supervisor = await createStaff({ role: "SUPERVISOR" });
    await signIn(page, supervisor);
    await page.goto("/admin/webhooks");
    await expect(page.getByRole("heading", { name: "Your role cannot open this page" })).toBeVisible();
    await expect(page.getByRole("form", { name: "New webhook endpoint" })).toHaveCount(0);
  });
});
