import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { redactPaths } from "@/lib/log";

describe("log redaction", () => {
  it("censors personal fields that slip into a log object", () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const log = pino({ redact: { paths: redactPaths, censor: "[redacted]" } }, sink);
    log.info({ caseId: "c1", email: "alice@example.com", account: { realName: "Alice Example", phone: "+4400" }, headers: { authorization: "Bearer x" } }, "event");
    const out = lines.join("");
    expect(out).toContain('"caseId":"c1"');
    for (const secret of ["alice@example.com", "Alice Example", "+4400", "Bearer x"]) expect(out).not.toContain(secret);
  });
});
