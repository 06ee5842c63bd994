// The secret scanner (scripts/security/scan-secrets.ts): the repository itself is clean, and a
// checkout with a planted secret fails with file:line. Planted values are assembled at run time
// so this file does not trip the scanner itself.
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scanText } from "@/scripts/security/secret-rules";
import { scanRepository } from "@/scripts/security/scan-secrets";

const repo = path.resolve(import.meta.dirname, "../../..");
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

const j = (...parts: string[]) => parts.join("");
const planted = {
  "private-key": j("-----BEGIN ", "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7s\n-----END RSA PRIVATE KEY-----"),
  "aws-access-key-id": j("AKIA", "Z7QWERTYUIOP3XNV"),
  "gatehouse-api-token": j("gh_", "pat_", Buffer.from("planted-token-for-scanner-tests!").toString("base64url")),
  "github-token": j("gh", "p_", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"),
  "webhook-secret": j("whsec_", "k2Jv9Qw8Lm3Zx7Pa5Rt1Yc6Ub4Ne0Hd2"),
  "password-in-url": j("postgresql://gatehouse:", "Xk29vLq7Wm@db.internal:5432/gatehouse"),
};

describe("secret scanning", () => {
  it("finds nothing in this repository (tracked files, dev-only defaults allowed)", () => {
    expect(scanRepository(repo)).toEqual([]);
  }, 30_000);

  it.each(Object.entries(planted))("detects a planted %s", (rule, secret) => {
    const findings = scanText("src/settings.ts", `// config\nconst value = ${JSON.stringify(secret)};\n`);
    expect(findings).toEqual([expect.objectContaining({ file: "src/settings.ts", line: 2, rule })]);
    expect(findings[0].excerpt).not.toContain(secret.slice(10, -3));
  });

  it("flags high-entropy secrets in .env-like files, but not dev-only defaults, placeholders or settings that are not secret", () => {
    const env = [
      "AUTH_SECRET=dev-only-auth-secret-change-me-in-production-0000",
      "S3_SECRET_ACCESS_KEY=S3RVER",
      "REDIS_URL=redis://127.0.0.1:6379/0",
      "PAYMENT_API_KEY=replace-me-replace-me",
      "SESSION_IDLE_SECONDS=900",
      j("MAILGUN_SIGNING_KEY=", "9f8e7d6c5b4a39281706f5e4d3c2b1a0"),
    ].join("\n");
    expect(scanText(".env.production", env)).toEqual([expect.objectContaining({ line: 6, rule: "high-entropy-env-assignment" })]);
    expect(scanText("lib/settings.ts", env)).toEqual([]); // entropy rule: .env-like files only
  });

  it("honours the allow-list and `secret-scan: allow <reason>` markers", () => {
    const text = `const key = "${planted["aws-access-key-id"]}";\nconst other = "${planted["aws-access-key-id"]}"; // secret-scan: allow AWS's documented example\n`;
    expect(scanText("docs/x.md", text).map((f) => f.line)).toEqual([1]);
    expect(scanText("docs/x.md", text, [{ path: "docs/**", rule: "aws-access-key-id", reason: "example" }])).toEqual([]);
    expect(scanText("lib/x.ts", text, [{ path: "docs/**", reason: "example" }])).toHaveLength(1);
  });

  it("the CLI exits 1 with file:line on a checkout holding a planted secret, 0 once it is gone", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-secrets-"));
    temps.push(dir);
    mkdirSync(path.join(dir, "config"));
    writeFileSync(path.join(dir, "README.md"), "nothing to see\n");
    writeFileSync(path.join(dir, "config/deploy.env"), `# deploy\nAPI_TOKEN=${planted["gatehouse-api-token"]}\n`);
    spawnSync("git", ["init", "-q"], { cwd: dir });
    spawnSync("git", ["add", "."], { cwd: dir });
    const cli = path.join(repo, "scripts/security/scan-secrets.ts");
    const run = () => spawnSync(path.join(repo, "node_modules/.bin/tsx"), [cli, dir], { encoding: "utf8" });
    const failing = run();
    expect(failing.status).toBe(1);
    expect(failing.stderr).toContain("config/deploy.env:2: gatehouse-api-token");
    writeFileSync(path.join(dir, "config/deploy.env"), "# deploy\nAPI_TOKEN=\n");
    expect(run().status).toBe(0);
  }, 30_000);
});
