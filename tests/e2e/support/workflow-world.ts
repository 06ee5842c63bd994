import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildRawMessage } from "../../../prisma/seed/mime";
import { renderSpecimen } from "../../../prisma/seed/specimen-id";
import { startSmtpSink, type SmtpSink } from "../../../scripts/lib/smtp-sink";
import { E2E_BASE_URL, e2eEnv } from "../env";
import { withClient } from "./db";

// The rest of the product around the web server, for tests/e2e/workflow.spec.ts: the intake and
// delivery worker and the outbox relay (real processes on the run's database, Redis and S3), an
// SMTP sink that keeps what the product sends to customers, and the identity-service simulator
// receiving and verifying the webhooks. Started by the spec that needs them, stopped after it:
// the other specs run without workers, as they always have.

export const E2E_SMTP_PORT = 2626;
export const E2E_SIM_PORT = 4591;
// The dev default of lib/config.ts (.env.example): the e2e server runs with the development secrets.
const INBOUND_MIME_SECRET = "dev-only-inbound-mime-secret-0000";

export interface WorkflowWorld {
  smtp: SmtpSink;
  /** The webhooks the simulator received and verified. */
  simulatorEvents(): Promise<{ id: string; type: string; data: Record<string, unknown> }[]>;
  stop(): Promise<void>;
}

const workerEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  ...e2eEnv,
  SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
  WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
  LOG_LEVEL: "warn",
});

function start(args: string[], env: NodeJS.ProcessEnv, ready?: RegExp): Promise<ChildProcess> {
  const child = spawn("npx", ["tsx", ...args], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} did not start in 60 s:\n${out.slice(-2000)}`)), 60_000);
    const seen = (chunk: Buffer) => {
      out += chunk.toString();
      if (ready && ready.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on("data", seen);
    child.stderr!.on("data", seen);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (ready) reject(new Error(`${args.join(" ")} exited with ${code} before it was ready:\n${out.slice(-2000)}`));
      else if (code === 0) resolve(child);
      else reject(new Error(`${args.join(" ")} exited with ${code}:\n${out.slice(-2000)}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 10_000);
    child.on("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    process.kill(-child.pid!, "SIGTERM");
  });
}

/** Starts the SMTP sink, registers and starts the simulator, then the workers. */
export async function startWorkflowWorld(): Promise<WorkflowWorld> {
  const smtp = await startSmtpSink({ port: E2E_SMTP_PORT, keep: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-e2e-sim-"));
  const secretFile = path.join(dir, "webhook-secret");
  const env = workerEnv();
  const children: ChildProcess[] = [];
  try {
    await start(["scripts/identity-sim.ts", "register", "--port", String(E2E_SIM_PORT), "--secret-file", secretFile], env);
    children.push(await start(["scripts/identity-sim.ts", "serve", "--port", String(E2E_SIM_PORT), "--secret-file", secretFile, "--push-every", "0"], env, /identity-service simulator/));
    children.push(await start(["workers/outbox-relay.ts"], { ...env, LOG_LEVEL: "info" }, /started/));
    children.push(await start(["workers/intake.ts"], { ...env, LOG_LEVEL: "info" }, /started/));
  } catch (err) {
    await Promise.all(children.map(stopChild));
    await smtp.close();
    throw err;
  }
  return {
    smtp,
    async simulatorEvents() {
      const res = await fetch(`http://127.0.0.1:${E2E_SIM_PORT}/events`);
      return ((await res.json()) as { events: { id: string; type: string; data: Record<string, unknown> }[] }).events;
    },
    async stop() {
      await Promise.all(children.map(stopChild));
      await smtp.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The customer emails photos of the front and back of their ID to support: a raw RFC 822 message
 * posted to the signed MIME webhook, as an MTA relay would. Returns the webhook's answer.
 */
export async function emailIdPhotos(from: { address: string; name: string }, seed: string): Promise<{ status: number; body: unknown; messageId: string }> {
  const { front, back } = await renderSpecimen({
    surname: "Example",
    givenNames: seed.slice(0, 6),
    sex: "X",
    birthDate: "1990-04-12",
    issueDate: "2022-01-10",
    expiryDate: "2032-01-09",
    documentNumber: `L${seed.slice(0, 8).toUpperCase()}`,
    placeOfBirth: "Utopia City",
  });
  const messageId = `<e2e.${randomUUID()}@mail.example.test>`;
  const raw = buildRawMessage({
    from,
    to: "support@gatehouse.test",
    subject: "My ID photos for the new phone",
    date: new Date(),
    messageId,
    authResults: { spf: "pass", dkim: "pass", dmarc: "pass" },
    text: "Hello, here are the front and back of my ID card.",
    attachments: [
      { fileName: "id-front.jpg", contentType: "image/jpeg", bytes: front },
      { fileName: "id-back.jpg", contentType: "image/jpeg", bytes: back },
    ],
  });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", INBOUND_MIME_SECRET).update(`${t}.`).update(raw).digest("hex");
  const res = await fetch(`${E2E_BASE_URL}/api/inbound/mime`, {
    method: "POST",
    headers: { "content-type": "message/rfc822", "x-gatehouse-signature": `t=${t},v1=${v1}` },
    body: new Uint8Array(raw),
  });
  return { status: res.status, body: await res.json().catch(() => null), messageId };
}

/** Polls `read` until it returns a value (not null/undefined), or fails after `timeoutMs`. */
export async function eventually<T>(what: string, read: () => Promise<T | null | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (v !== null && v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The case intake opened for an account, once the worker has processed the email. */
export async function caseOfAccount(accountId: string): Promise<{ id: string; number: number; status: string } | undefined> {
  return withClient(async (c) => (await c.query(`SELECT id, number, status::text AS status FROM "ReviewCase" WHERE "accountId" = $1 ORDER BY "createdAt" DESC LIMIT 1`, [accountId])).rows[0]);
}

/**
 * Gives every other unassigned open case in the run's database to a parked supervisor, so that
 * "claim next" has exactly one candidate: the case this spec is about.
 */
export async function parkOtherCases(keepCaseId: string, parkedWith: string): Promise<void> {
  await withClient((c) =>
    c.query(
      `UPDATE "ReviewCase" SET "assigneeId" = $2, "claimedAt" = now()
       WHERE id <> $1 AND "assigneeId" IS NULL AND status IN ('NEW', 'AWAITING_CUSTOMER', 'ESCALATED', 'IN_REVIEW')`,
      [keepCaseId, parkedWith],
    ),
  );
}

/** The audit actions written about a case, oldest first. */
export async function caseAuditActions(caseId: string): Promise<string[]> {
  return withClient(async (c) => (await c.query<{ action: string }>(`SELECT action FROM "AuditEntry" WHERE "caseId" = $1 ORDER BY seq`, [caseId])).rows.map((r) => r.action));
}
