// Ops CLI: npm run gatehouse -- <command>. Later issues add staff and token commands.
//   audit verify [--from <seq>] [--to <seq>]   recompute the hash chain; exit 1 naming the first broken link
import { parseArgs } from "node:util";
import { appendAudit, verifyChain } from "../lib/audit";
import { systemActor } from "../lib/auth/actor";
import { db } from "../lib/db";

const [group, command, ...rest] = process.argv.slice(2);

async function auditVerify(): Promise<number> {
  const { values } = parseArgs({ args: rest, options: { from: { type: "string" }, to: { type: "string" } } });
  const fromSeq = values.from ? BigInt(values.from) : undefined;
  const toSeq = values.to ? BigInt(values.to) : undefined;
  const started = performance.now();
  const res = await verifyChain({ fromSeq, toSeq });
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  // Reading the audit trail is itself audited.
  await db.$transaction((tx) =>
    appendAudit(tx, {
      action: "audit.chain_verified",
      actor: systemActor("cli"),
      outcome: res.ok ? "SUCCESS" : "FAILURE",
      data: { from: String(res.firstSeq ?? fromSeq ?? 1n), to: String(res.lastSeq ?? toSeq ?? 0n), entries: res.checked, ok: res.ok },
    }),
  );
  if (res.ok) {
    console.log(`audit chain ok: ${res.checked} entries (${res.firstSeq ?? "-"}…${res.lastSeq ?? "-"}) in ${secs} s; head ${res.headHash ?? "(empty)"}`);
    return 0;
  }
  console.error(`audit chain BROKEN at entry ${res.firstBreak!.seq}: ${res.firstBreak!.message} (${res.checked} entries verified before it)`);
  return 1;
}

const commands: Record<string, () => Promise<number>> = { "audit verify": auditVerify };

const run = commands[`${group} ${command}`];
if (!run) {
  console.error(`usage: npm run gatehouse -- <command>\n\ncommands:\n${Object.keys(commands).map((c) => `  ${c}`).join("\n")}`);
  process.exit(2);
}
run().then(
  async (code) => {
    await db.$disconnect();
    process.exit(code);
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
