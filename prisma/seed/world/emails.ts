import type { DocumentSide, EmailProvider, Prisma, SenderAuthResult } from "../../../lib/db";
import { type Rng, addMinutes } from "../rng";
import type { SpecimenCard } from "../specimen-id";
import type { CaseSkeleton } from "./case-skeleton";
import { SUPPORT_ADDRESS } from "./catalog";
import { type PlannedAccount, planCard, variantCard } from "./people";

// Inbound emails with ID photos (and two from senders no account knows). Bytes are made later by
// ../uploads.ts; here each email is described: headers, body text and which card sides it carries.

export interface PlannedAttachment {
  docId: string;
  side: DocumentSide;
  fileName: string;
  card: SpecimenCard;
  blurred: boolean;
}

export type InboundRow = Omit<Prisma.InboundEmailCreateManyInput, "rawSha256" | "rawSize"> & {
  id: string;
  rawKey: string;
  receivedAt: Date;
  messageId: string;
  subject: string;
  fromAddress: string;
};

export interface PlannedEmail {
  row: InboundRow;
  fromName: string;
  body: string;
  attachments: PlannedAttachment[];
  /** The case this email belongs to, if any. */
  caseId: string | null;
}

const SUBJECTS: Record<string, string[]> = {
  "de-DE": ["Ausweisfotos für Anmeldung auf neuem Gerät", "Gesichtserkennung funktioniert nicht"],
  "fr-FR": ["Photos de ma carte d'identité", "La reconnaissance faciale échoue"],
  "es-ES": ["Fotos de mi documento de identidad", "No puedo iniciar sesión en mi móvil nuevo"],
  "pt-BR": ["Fotos do meu documento", "Reconhecimento facial não funciona"],
  default: ["ID photos for new device login", "Face verification keeps failing", "Cannot log in on my new phone - ID attached", "Verification photos", "Login blocked, sending my ID as requested"],
};

function providerMessageId(rng: Rng, provider: EmailProvider): string {
  switch (provider) {
    case "POSTMARK":
      return rng.f.string.uuid();
    case "MAILGUN":
      return `${rng.hex(8)}.${rng.hex(16)}@mailgun.mail.example`;
    case "SENDGRID":
      return `sg_${rng.f.string.alphanumeric(22)}`;
    case "MIME":
      return `mime_${rng.hex(32)}`;
  }
}

export class EmailPlanner {
  readonly emails: PlannedEmail[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly now: Date,
  ) {}

  add(opts: {
    from: { address: string; name: string };
    subject: string;
    body: string;
    receivedAt: Date;
    provider: EmailProvider;
    attachments: Omit<PlannedAttachment, "docId">[];
    account?: PlannedAccount;
    caseId?: string;
    inReplyTo?: string;
    senderAuthFailed?: boolean;
    displayNameSpoof?: boolean;
  }): PlannedEmail {
    const { rng } = this;
    const id = rng.uuid7(opts.receivedAt);
    const auth: SenderAuthResult = opts.senderAuthFailed ? "FAIL" : "PASS";
    const email: PlannedEmail = {
      caseId: opts.caseId ?? null,
      fromName: opts.from.name,
      body: opts.body,
      attachments: opts.attachments.map((a) => ({ ...a, docId: rng.uuid7(opts.receivedAt) })),
      row: {
        id,
        provider: opts.provider,
        providerMessageId: providerMessageId(rng, opts.provider),
        messageId: `<${rng.hex(16)}.${rng.hex(8)}@mail.example>`,
        inReplyTo: opts.inReplyTo ?? null,
        references: opts.inReplyTo ? [opts.inReplyTo] : [],
        fromAddress: opts.from.address,
        fromName: opts.from.name,
        toAddress: SUPPORT_ADDRESS,
        subject: opts.subject,
        receivedAt: opts.receivedAt,
        rawKey: `quarantine/raw/${id}.eml`,
        status: opts.account ? "PROCESSED" : "UNMATCHED",
        spf: auth,
        dkim: opts.senderAuthFailed ? "NONE" : "PASS",
        dmarc: auth,
        displayNameSpoof: opts.displayNameSpoof ?? false,
        accountId: opts.account?.row.id ?? null,
        caseId: opts.caseId ?? null,
        processedAt: new Date(opts.receivedAt.getTime() + rng.int(3_000, 40_000)),
        attempts: 1,
      },
    };
    this.emails.push(email);
    return email;
  }

  /** The customer's first email for a case: the photos, from the bound address. */
  caseEmail(c: CaseSkeleton, accounts: PlannedAccount[]): PlannedEmail {
    const { rng, now } = this;
    const s = c.scenario;
    const acc = c.account;
    const shown = s.cardOf !== undefined ? accounts[s.cardOf].card : s.card ? variantCard(rng, acc.card, acc.locale, s.card, now) : acc.card;
    const sides: DocumentSide[] = s.onlyFront ? ["FRONT"] : ["FRONT", "BACK"];
    const names = rng.pick([["front.jpg", "back.jpg"], [`IMG_${rng.int(1000, 9999)}.jpg`, `IMG_${rng.int(1000, 9999)}.jpg`], ["ID front.jpeg", "ID back.jpeg"]]);
    const subject = rng.pick(SUBJECTS[acc.locale] ?? SUBJECTS.default);
    const body = [
      "Hello,",
      "",
      "the face check in the app fails every time I try to log in on my new phone.",
      `Attached are photos of my ID card (${sides.map((x) => x.toLowerCase()).join(" and ")}). My UID is ${acc.row.uid}.`,
      "",
      "Thank you,",
      acc.displayName,
    ].join("\r\n");
    return this.add({
      from: { address: acc.row.email, name: s.displayNameSpoof ? "Exchange Support Team" : acc.displayName },
      subject,
      body,
      receivedAt: new Date(c.createdAt.getTime() - rng.int(20_000, 150_000)),
      provider: s.provider,
      attachments: sides.map((side, i) => ({ side, fileName: names[i], card: shown, blurred: s.blurry === true })),
      account: acc,
      caseId: c.id,
      senderAuthFailed: s.senderAuthFailed,
      displayNameSpoof: s.displayNameSpoof,
    });
  }

  /** The customer's answer to a resubmission request: sharp photos of both sides. */
  reply(c: CaseSkeleton, at: Date, inReplyTo: string, requestSubject: string): PlannedEmail {
    const acc = c.account;
    return this.add({
      from: { address: acc.row.email, name: acc.displayName },
      subject: `Re: ${requestSubject}`,
      body: ["Hi,", "", "here are new photos, I hope these are better.", "", acc.displayName].join("\r\n"),
      receivedAt: at,
      provider: c.scenario.provider,
      attachments: (["FRONT", "BACK"] as const).map((side) => ({ side, fileName: `${side.toLowerCase()}-new.jpg`, card: acc.card, blurred: false })),
      account: acc,
      caseId: c.id,
      inReplyTo,
    });
  }

  /** Emails from addresses bound to no account: one with photos, one without. */
  unmatched(): PlannedEmail[] {
    const { rng, now } = this;
    const stranger = planCard(rng, "en-GB", now);
    const withPhotos = this.add({
      from: { address: "not.my.account@example.net", name: `${stranger.givenNames} ${stranger.surname}` },
      subject: "ID for my account",
      body: "Hello,\r\n\r\nplease unlock my account, my ID is attached.\r\n",
      receivedAt: addMinutes(now, -rng.int(200, 900)),
      provider: "POSTMARK",
      attachments: (["FRONT", "BACK"] as const).map((side) => ({ side, fileName: `${side.toLowerCase()}.jpg`, card: stranger, blurred: false })),
    });
    const noPhotos = this.add({
      from: { address: "hello.support@mail.example", name: "" },
      subject: "Can't log in",
      body: "Hi, I can't log in since yesterday. What should I do?\r\n",
      receivedAt: addMinutes(now, -rng.int(1500, 2500)),
      provider: "MAILGUN",
      attachments: [],
    });
    return [withPhotos, noPhotos];
  }
}
