// The load scenario's inbound mail, as customers and their provider produce it: every account
// writes once with the front and back of its ID (the case opens); the provider redelivers some of
// those messages (same bytes, same Message-ID, signed afresh: it must not make a second email or
// case); and customers answer the resubmission requests the agents send, in the thread (In-Reply-To
// and References of our email, "Re:" and the case tag in the subject) with two new photos. Replies
// are mixed in as the requests arrive at the SMTP sink, at the pace of the planned mail.
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { base64Lines, buildEmail, messageHead, type MimePoster, type OutgoingEmail } from "./intake-mail";

export type Kind = "first" | "duplicate" | "reply";

export interface LoadAccount {
  id: string;
  email: string;
  pendingDeviceId: string | null;
}

/** A resubmission request as the customer's mail client shows it. */
export interface ReplyCandidate {
  to: string;
  replyTo: string | null;
  messageId: string;
  subject: string;
  references: string[];
}

/** One distinct message (redeliveries share it). */
export interface SentMessage {
  messageId: string;
  accountId: string;
  kind: Exclude<Kind, "duplicate">;
  attachments: string[];
}

export interface Delivery {
  kind: Kind;
  messageId: string;
  /** Edge answer: the InboundEmail id and whether the edge took it for a repeat. */
  id: string;
  duplicate: boolean;
  attempts: number;
  /** performance.now() of the first attempt and of the accepting answer. */
  sentAt: number;
  acceptedAt: number;
  latencyMs: number;
}

export interface SendResult {
  messages: SentMessage[];
  deliveries: Delivery[];
  /** Refused attempts (retried) by reason, and deliveries given up. */
  refusals: Record<string, number>;
  givenUp: number;
  /** performance.now() of the first send and of the last accepted delivery. */
  firstSendAt: number;
  lastAcceptAt: number;
  repliesWanted: number;
  replyCandidates: number;
}

interface Job {
  kind: Kind;
  account: number;
  candidate?: ReplyCandidate;
}

export interface SenderOptions {
  poster: MimePoster;
  senders: number;
  /** Deliveries per second offered (open loop); 0: as fast as the senders go. */
  rate: number;
  secret: string;
  to: string;
  accounts: LoadAccount[];
  duplicates: number;
  replies: number;
  photoFile: (seed: number) => string;
  random: () => number;
  /** Stop waiting for resubmission requests to answer after this long without a new one. */
  replyIdleMs: number;
  log: (m: string) => void;
}

const fileNames = (kind: Kind) => (kind === "reply" ? ["id-front-new.jpg", "id-back-new.jpg"] : ["id-front.jpg", "id-back.jpg"]);
const BASE_DATE = Date.UTC(2026, 11, 8, 9, 0, 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class LoadSender {
  private candidates: ReplyCandidate[] = [];
  private candidateCount = 0;
  private lastCandidateAt = performance.now();
  private readonly byEmail: Map<string, number>;

  constructor(private readonly o: SenderOptions) {
    this.byEmail = new Map(o.accounts.map((a, i) => [a.email.toLowerCase(), i]));
  }

  /** Called for each resubmission request the SMTP sink receives. */
  offerReply(c: ReplyCandidate): void {
    if (!this.byEmail.has(c.to.toLowerCase())) return;
    this.candidates.push(c);
    this.candidateCount++;
    this.lastCandidateAt = performance.now();
  }

  /** The planned mail: first emails in account order, each redelivery 1–100 places after its original. */
  private plan(): Job[] {
    const n = this.o.accounts.length;
    const slots: { at: number; job: Job }[] = this.o.accounts.map((_, i) => ({ at: i, job: { kind: "first", account: i } }));
    const picked = new Set<number>();
    while (picked.size < Math.min(this.o.duplicates, n)) picked.add(Math.floor(this.o.random() * n));
    for (const i of picked) slots.push({ at: i + 1 + Math.floor(this.o.random() * 100) + 0.5, job: { kind: "duplicate", account: i } });
    return slots.sort((a, b) => a.at - b.at).map((s) => s.job);
  }

  private messageIdOf(job: Job, replyIndex: number): string {
    const a = this.o.accounts[job.account];
    return job.candidate ? `load-reply-${replyIndex}-${a.id}@mail.example.com` : `load-${a.id}@mail.example.com`;
  }

  private email(job: Job, replyIndex: number, t: number): OutgoingEmail {
    const a = this.o.accounts[job.account];
    const reply = job.candidate;
    const seeds = reply ? [2 * this.o.accounts.length + 2 * replyIndex + 1, 2 * this.o.accounts.length + 2 * replyIndex + 2] : [2 * job.account + 1, 2 * job.account + 2];
    const messageId = this.messageIdOf(job, replyIndex);
    let head = messageHead({
      from: { address: a.email, name: "Alex Example" },
      to: reply?.replyTo ?? this.o.to,
      subject: reply ? `Re: ${reply.subject}` : "ID photos for my new phone",
      messageId,
      // Fixed per message, so a redelivery carries the same bytes.
      date: new Date(BASE_DATE + (reply ? 86_400_000 + replyIndex : job.account) * 1000),
    });
    if (reply) {
      const thread = `In-Reply-To: <${reply.messageId}>\r\nReferences: ${[...reply.references, reply.messageId].map((r) => `<${r}>`).join(" ")}\r\n`;
      head = Buffer.from(head.toString("latin1").replace("MIME-Version: 1.0\r\n", `${thread}MIME-Version: 1.0\r\n`), "latin1");
    }
    const attachments = seeds.map((s, k) => ({ fileName: fileNames(job.kind)[k], base64: base64Lines(fs.readFileSync(this.o.photoFile(s))) }));
    return buildEmail(head, messageId, attachments, this.o.secret, t);
  }

  async run(): Promise<SendResult> {
    const o = this.o;
    const planned = this.plan();
    const messages: SentMessage[] = [];
    const deliveries: Delivery[] = [];
    const refusals: Record<string, number> = {};
    const usedT = new Map<string, Set<number>>();
    let givenUp = 0;
    let next = 0;
    let repliesTaken = 0;
    let started = 0;
    let lastAcceptAt = 0;
    const t0 = performance.now();

    // A (timestamp, MAC) pair is accepted once: a redelivery in the same second as its original signs with an earlier second.
    const freshT = (messageId: string) => {
      const used = usedT.get(messageId) ?? new Set<number>();
      let t = Math.floor(Date.now() / 1000);
      while (used.has(t)) t--;
      used.add(t);
      usedT.set(messageId, used);
      return t;
    };

    const nextJob = async (): Promise<Job | null> => {
      for (;;) {
        const plannedDone = next >= planned.length;
        const replyDue = repliesTaken < o.replies && this.candidates.length > 0 && (plannedDone || repliesTaken / o.replies <= next / planned.length);
        if (replyDue) return { kind: "reply", account: this.byEmail.get(this.candidates[0].to.toLowerCase())!, candidate: this.candidates.shift() };
        if (!plannedDone) return planned[next++];
        if (repliesTaken >= o.replies || performance.now() - this.lastCandidateAt > o.replyIdleMs) return null;
        await sleep(200);
      }
    };

    const lane = async () => {
      for (;;) {
        const job = await nextJob();
        if (!job) return;
        const replyIndex = job.kind === "reply" ? repliesTaken++ : 0;
        const k = started++;
        if (o.rate > 0) {
          const wait = t0 + (k * 1000) / o.rate - performance.now();
          if (wait > 0) await sleep(wait);
        }
        const messageId = this.messageIdOf(job, replyIndex);
        if (job.kind !== "duplicate") messages.push({ messageId, accountId: o.accounts[job.account].id, kind: job.kind, attachments: fileNames(job.kind) });
        const sentAt = performance.now();
        for (let attempt = 1; ; attempt++) {
          const email = this.email(job, replyIndex, freshT(messageId));
          const t = performance.now();
          let reason: string;
          try {
            const res = await o.poster.post(email);
            if (res.status === 200) {
              const body = JSON.parse(res.body) as { id: string; duplicate: boolean };
              lastAcceptAt = performance.now();
              deliveries.push({ kind: job.kind, messageId: email.messageId, id: body.id, duplicate: body.duplicate, attempts: attempt, sentAt, acceptedAt: lastAcceptAt, latencyMs: lastAcceptAt - t });
              break;
            }
            reason = `HTTP ${res.status} ${res.body.slice(0, 120)}`;
          } catch (err) {
            reason = err instanceof Error ? err.message : String(err);
          }
          refusals[reason] = (refusals[reason] ?? 0) + 1;
          if (attempt >= 6) {
            givenUp++;
            o.log(`gave up on ${email.messageId} after ${attempt} attempts: ${reason}`);
            break;
          }
          await sleep(500 * 2 ** (attempt - 1)); // a provider's backoff
        }
      }
    };

    const progress = setInterval(() => {
      o.log(`  edge: ${deliveries.length} accepted (${next} of ${planned.length} planned, ${repliesTaken} of ${o.replies} replies; ${this.candidates.length} requests waiting)`);
    }, 15_000);
    try {
      await Promise.all(Array.from({ length: o.senders }, lane));
    } finally {
      clearInterval(progress);
    }
    return { messages, deliveries, refusals, givenUp, firstSendAt: t0, lastAcceptAt, repliesWanted: o.replies, replyCandidates: this.candidateCount };
  }
}
