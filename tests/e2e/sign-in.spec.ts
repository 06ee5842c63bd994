import { expect, test } from "@playwright/test";
import { watchConsoleErrors } from "./support/console-errors";

test.describe("sign-in page", () => {
  test("renders a labelled form that cannot be submitted yet", async ({ page }, testInfo) => {
    const consoleErrors = watchConsoleErrors(page);
    const posts: string[] = [];
    page.on("request", (req) => {
      if (req.method() !== "GET") posts.push(`${req.method()} ${req.url()}`);
    });

    await page.goto("/sign-in");
    await expect(page).toHaveTitle("Sign in · Gatehouse");
    await expect(page.getByRole("heading", { level: 1, name: "Sign in to Gatehouse" })).toBeVisible();

    const form = page.getByRole("form", { name: "Staff sign-in" });
    const email = form.getByLabel("Work email");
    const password = form.getByLabel("Password");
    const code = form.getByLabel("Authenticator code");
    await expect(email).toHaveAttribute("type", "email");
    await expect(email).toHaveAttribute("autocomplete", "username");
    await expect(password).toHaveAttribute("type", "password");
    await expect(password).toHaveAttribute("autocomplete", "current-password");
    await expect(code).toHaveAttribute("autocomplete", "one-time-code");
    await expect(code).toHaveAttribute("inputmode", "numeric");
    await expect(code).toHaveAccessibleDescription("The 6-digit code from your authenticator app.");

    // Honest placeholder: the form says why it does nothing, and really sends nothing.
    await expect(form.getByText("Sign-in is not available yet")).toBeVisible();
    await expect(form.getByText(/arrives with the staff-auth issue/)).toBeVisible();
    const submit = form.getByRole("button", { name: "Sign in" });
    await expect(submit).toBeDisabled();
    await expect(submit).toHaveAccessibleDescription(/Sign-in is not available yet/);

    await email.fill("agent@example.test");
    await password.fill("not-a-real-password");
    await code.fill("123456");
    await code.press("Enter");
    await expect(page).toHaveURL(/\/sign-in$/);
    expect(posts).toEqual([]);

    await page.screenshot({ path: testInfo.outputPath("sign-in.png"), fullPage: true });
    expect(consoleErrors()).toEqual([]);
  });
});
