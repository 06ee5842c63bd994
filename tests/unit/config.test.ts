import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// lib/config.ts parses the environment at import, so each case runs in a fresh process.
function loadConfig(env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", "-e", "await import('./lib/config.ts'); console.log('loaded')"], {
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "development", ...env }, // eslint-disable-line no-restricted-properties -- the child needs node on PATH
    encoding: "utf8",
  });
}

describe("lib/config.ts", () => {
  it("refuses to start in production with the development secrets", () => {
    const res = loadConfig({ NODE_ENV: "production" });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/AUTH_SECRET still has its development default/);
  });

  it("names each invalid setting", () => {
    const res = loadConfig({ PORT: "not-a-port", PRESIGN_TTL_SECONDS: "3600" });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/PORT:/);
    expect(res.stderr).toMatch(/PRESIGN_TTL_SECONDS:/);
  });

  it("starts with no settings at all (loopback defaults)", () => {
    const res = loadConfig({});
    expect(res.stdout.trim()).toBe("loaded");
  });
});
