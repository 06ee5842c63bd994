// Ops CLI: npm run gatehouse -- <command> [options]. `npm run gatehouse -- help` lists the commands.
// Acts as the SYSTEM actor "cli": whoever runs it already holds the server and its database
// credentials, so there is no permission check, but every change is validated and audited.
// Secrets (invite links, tokens) go to stdout alone; everything else goes to stderr.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { anchorChainHead } from "../lib/audit/anchor";
import { verifyAuditChainUnchecked } from "../lib/audit/run-verify";
import { parseBound } from "../lib/audit/verify-range";
import { systemActor } from "../lib/auth/actor";
import { createApiTokenUnchecked } from "../lib/auth/api-tokens";
import { normaliseEmail } from "../lib/auth/sign-in";
import { db, StaffRole } from "../lib/db";
import { isAppError } from "../lib/errors";
import { systemContext } from "../lib/http/request-context";
import { purgeExpiredDocuments } from "../lib/retention/purge";
import { createStaffUnchecked } from "../lib/staff/create-staff";
import { disableStaffUnchecked } from "../lib/staff/disable-staff";

const actor = systemActor("cli");
const request = systemContext("cli");

class UsageError extends Error {}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

interface Command {
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  run: (values: Values) => Promise<number>;
}

function required(values: Values, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || !v.trim()) throw new UsageError(`--${name} is required`);
  return v;
}

function optional(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

const ROLES: readonly string[] = Object.values(StaffRole);
function role(value: string): StaffRole {
  const upper = value.trim().toUpperCase();
  const isRole = (v: string): v is StaffRole => ROLES.includes(v);
  if (!isRole(upper)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
  return upper;
}

async function staffIdByEmail(email: string): Promise<string> {
  const staff = await db.staffUser.findUnique({ where: { email: normaliseEmail(email) }, select: { id: true } });
  if (!staff) throw new Error(`no staff member has the email ${normaliseEmail(email)}`);
  return staff.id;
}

/** The whole of stdin, without the line break `echo` or a terminal adds at the end. */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Password (then Enter and Ctrl-D): ");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

async function auditVerify(values: Values): Promise<number> {
  for (const name of ["from", "to"] as const) {
    try {
      parseBound(optional(values, name), name);
    } catch (err) {
      throw new UsageError(isAppError(err) ? `--${name} must be a sequence number or a UTC date (YYYY-MM-DD or an ISO date-time)` : String(err));
    }
  }
  // Audited as audit.chain_verified (via cli) by the use case, whatever the outcome.
  const r = await verifyAuditChainUnchecked({ from: optional(values, "from"), to: optional(values, "to") }, { actor, request, via: "cli" });
  const secs = (r.durationMs / 1000).toFixed(1);
  const span = `${r.checked} entries (${r.firstSeq ?? "-"}…${r.lastSeq ?? "-"}), ${r.anchors.checked} anchor(s), in ${secs} s`;
  if (r.ok) {
    console.log(`audit chain ok: ${span}; head ${r.headHash ?? "(empty)"}`);
    return 0;
  }
  if (r.firstBreak) {
    const e = r.firstBreak.entry;
    const at = e ? ` [${e.action} at ${e.occurredAt}]` : "";
    console.error(`audit chain BROKEN at entry ${r.firstBreak.seq} (${r.firstBreak.kind})${at}: ${r.firstBreak.message}`);
  }
  for (const p of r.anchors.problems) console.error(`anchor BROKEN at entry ${p.seq} (${p.kind}): ${p.message}`);
  console.error(`checked: ${span}`);
  return 1;
}

async function auditAnchor(): Promise<number> {
  const res = await anchorChainHead({ actor, request });
  if (res.anchored) console.log(`anchored entry ${res.seq} (${res.hash}) as ${res.objectKey}`);
  else console.log(`nothing to anchor (${res.reason}${res.seq !== null ? `, last anchor at entry ${res.seq}` : ""})`);
  return 0;
}

async function retentionPurge(): Promise<number> {
  const r = await purgeExpiredDocuments({ actor });
  const u = r.unlinked;
  console.log(`purged ${r.documents} document(s) and ${r.rawEmails} raw email(s) of ${r.cases} case(s) decided before ${r.cutoff}; ${r.skippedHeld} held, ${r.failed} failed`);
  console.log(`purged ${u.emails} email(s) no case claimed, received before ${u.cutoff}, with ${u.documents} document(s); ${u.skippedHeld} held, ${u.failed} failed`);
  console.log(r.orphans ? `deleted ${r.orphans.deleted} orphan raw object(s) of ${r.orphans.listed} listed (older than ${r.orphans.olderThan})` : "orphan raw object sweep failed (see the log)");
  return r.failed || u.failed || !r.orphans ? 1 : 0;
}

async function staffCreate(values: Values): Promise<number> {
  const email = required(values, "email");
  const name = required(values, "name");
  const staffRole = role(required(values, "role"));
  // Never from argv: arguments show up in `ps` and shell history.
  const password = values["password-stdin"] ? await readStdin() : undefined;
  const res = await createStaffUnchecked(undefined, { email, name, role: staffRole, password }, { actor, via: "cli", request });
  const { staff } = res;
  console.error(`created ${staff.email} (${staff.id}): role ${staff.role}, status ${staff.status}`);
  if (res.inviteUrl) {
    console.error(`invite link, valid until ${res.inviteExpiresAt?.toISOString()}; shown only once, send it to them privately:`);
    console.log(res.inviteUrl);
  } else {
    console.error("password set: they sign in with it and enrol an authenticator app on first sign-in");
  }
  return 0;
}

async function staffDisable(values: Values): Promise<number> {
  const staffId = await staffIdByEmail(required(values, "email"));
  const res = await disableStaffUnchecked(undefined, { staffId }, { actor, request });
  console.error(`disabled ${res.staff.email} (${res.staff.id}); ${res.sessionsEnded} session(s) ended, API tokens refused while disabled`);
  return 0;
}

async function tokenCreate(values: Values): Promise<number> {
  const staffId = await staffIdByEmail(required(values, "email"));
  const days = optional(values, "days");
  if (days !== undefined && !/^\d+$/.test(days)) throw new UsageError("--days must be a whole number of days");
  const given = optional(values, "role");
  const input = { staffId, name: required(values, "name"), role: given === undefined ? undefined : role(given), expiresInDays: days === undefined ? undefined : Number(days) };
  const token = await createApiTokenUnchecked(undefined, input, { actor, via: "cli", request });
  console.error(`token ${token.prefix}… (${token.id}) for ${normaliseEmail(required(values, "email"))}: role ${token.role}, expires ${token.expiresAt.toISOString()}`);
  console.error("shown only once: store it in a secret manager now");
  console.log(token.token);
  return 0;
}

const commands: Record<string, Command> = {
  "audit verify": {
    usage: "audit verify [--from <seq|YYYY-MM-DD|ISO date-time>] [--to <seq|YYYY-MM-DD|ISO date-time>]",
    summary: "recompute the audit hash chain (or a range) and check its anchors; exit 1 naming the first broken link",
    options: { from: { type: "string" }, to: { type: "string" } },
    run: auditVerify,
  },
  "audit anchor": {
    usage: "audit anchor",
    summary: "anchor the chain head now in the audit bucket (the scheduler does it hourly); no-op when it has not moved",
    options: {},
    run: auditAnchor,
  },
  "retention purge": {
    usage: "retention purge",
    summary:
      "purge ID photos of cases decided more than DOCUMENT_RETENTION_DAYS ago and emails no case claimed received more than INBOUND_UNLINKED_RETENTION_DAYS ago, except under legal hold; delete orphan raw objects (the scheduler does it daily)",
    options: {},
    run: retentionPurge,
  },
  "staff create": {
    usage: "staff create --email <email> --name <name> --role <AGENT|SUPERVISOR|AUDITOR|ADMIN> [--password-stdin]",
    summary: "add a staff member; prints a one-time invite link, or with --password-stdin sets the password read from stdin",
    options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, "password-stdin": { type: "boolean" } },
    run: staffCreate,
  },
  "staff disable": {
    usage: "staff disable --email <email>",
    summary: "disable a staff member: sign-in refused, sessions ended, API tokens refused",
    options: { email: { type: "string" } },
    run: staffDisable,
  },
  "token create": {
    usage: "token create --email <email> --name <name> [--role <role>] [--days <1..max>]",
    summary: "create a personal API token for a staff member (role defaults to theirs, 30 days); prints it once",
    options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, days: { type: "string" } },
    run: tokenCreate,
  },
};

function usage(): string {
  const lines = Object.values(commands).map((c) => `  ${c.usage}\n      ${c.summary}`);
  return `usage: npm run gatehouse -- <command> [options]\n\ncommands:\n${lines.join("\n")}\n  help\n      show this text`;
}

async function main(argv: string[]): Promise<number> {
  const [group, name, ...rest] = argv;
  if (!group || ["help", "--help", "-h"].includes(group)) {
    console.log(usage());
    return group ? 0 : 2;
  }
  const command = commands[`${group} ${name ?? ""}`];
  if (!command) throw new UsageError(`unknown command: ${[group, name].filter(Boolean).join(" ")}`);
  try {
    const { values } = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: false });
    return await command.run(values);
  } catch (err) {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed options.
    const parseError = err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS");
    if (err instanceof UsageError || parseError) throw new UsageError(`${err.message}\nusage: npm run gatehouse -- ${command.usage}`);
    throw err;
  }
}

main(process.argv.slice(2))
  .catch((err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`error: ${err.message}`);
      if (!err.message.includes("usage:")) console.error(`\n${usage()}`);
      return 2;
    }
    if (isAppError(err)) {
      const fields = Array.isArray(err.details?.fields) ? (err.details.fields as { path: string; message: string }[]) : [];
      console.error(`error: ${err.message}`);
      for (const f of fields.slice(1)) console.error(`  ${f.path}: ${f.message}`);
      return 1;
    }
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  })
  .then(async (code) => {
    await db.$disconnect().catch(() => undefined);
    process.exit(code);
  });
