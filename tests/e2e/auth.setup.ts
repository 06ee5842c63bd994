import { test as setup } from "@playwright/test";
import { asDemo, signIn } from "./support/auth";
import { stateFile, type StateRole } from "./support/state";

// Signs in once per role and saves the browser state, so specs that only need "a signed-in
// supervisor" reuse a session instead of signing in (and spending a TOTP step) each time.
const who: Record<StateRole, string> = {
  supervisor: "supervisor@gatehouse.test",
  auditor: "auditor@gatehouse.test",
  admin: "admin@gatehouse.test",
};

for (const role of Object.keys(who) as StateRole[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await signIn(page, asDemo(who[role]));
    await page.context().storageState({ path: stateFile(role) });
  });
}
