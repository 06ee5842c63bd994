import type { KycStatus, Prisma } from "../../../lib/db";
import { idFingerprint } from "../../../lib/accounts/fingerprint";
import { type DemoLocale, DAY, type Rng, demoLocales } from "../rng";
import { ID_DOC_TYPE, ISSUER, type SpecimenCard } from "../specimen-id";
import { EMAIL_DOMAINS, fictionalPhone, slug } from "./catalog";

// The demo customers: 40 exchange accounts with the ID card each one would photograph.

export const ACCOUNT_COUNT = 40;

/** Index ranges by KYC status; the case scenarios refer to accounts by index. */
export function kycFor(index: number): KycStatus {
  if (index <= 25) return "VERIFIED";
  if (index <= 32) return "UNVERIFIED";
  if (index <= 36) return "PENDING";
  return "REJECTED";
}

export interface PlannedAccount {
  index: number;
  row: Prisma.AccountCreateManyInput & { id: string; uid: string; email: string; createdAt: Date };
  locale: DemoLocale;
  country: string;
  card: SpecimenCard;
  /** Display name for email From headers (what the customer's mail client sends). */
  displayName: string;
}

const DOC_CHARS = "CFGHJKLMNPRTVWXYZ0123456789";
const LOCALE_ORDER: DemoLocale[] = ["en-GB", "de-DE", "fr-FR", "es-ES", "pt-BR", "tr-TR", "it-IT", "pl-PL", "nl-NL", "en-US"];

const iso = (d: Date) => d.toISOString().slice(0, 10);

export function planCard(rng: Rng, locale: DemoLocale, now: Date): SpecimenCard {
  const lf = rng.locale(locale);
  const sexType = rng.pick(["female", "male"] as const);
  const givenNames = rng.chance(0.3) ? `${lf.person.firstName(sexType)} ${lf.person.firstName(sexType)}` : lf.person.firstName(sexType);
  const birth = new Date(Date.UTC(rng.int(1955, 2004), rng.int(0, 11), rng.int(1, 28)));
  const issued = new Date(now.getTime() - rng.int(200, 3200) * DAY);
  const expiry = new Date(Date.UTC(issued.getUTCFullYear() + 10, issued.getUTCMonth(), issued.getUTCDate()));
  expiry.setUTCDate(expiry.getUTCDate() - 1);
  const documentNumber = Array.from({ length: 9 }, (_, i) => (i === 0 ? rng.pick([..."CFGHJKLMNPRTVWXYZ"]) : rng.pick([...DOC_CHARS]))).join("");
  return {
    surname: lf.person.lastName(),
    givenNames,
    sex: sexType === "female" ? "F" : "M",
    birthDate: iso(birth),
    issueDate: iso(issued),
    expiryDate: iso(expiry),
    documentNumber,
    placeOfBirth: lf.location.city(),
  };
}

/** The same person's card with details changed, for photos that must not match the KYC record. */
export function variantCard(rng: Rng, card: SpecimenCard, locale: DemoLocale, kind: "otherName" | "expired", now: Date): SpecimenCard {
  if (kind === "otherName") {
    const lf = rng.locale(locale);
    return { ...card, surname: lf.person.lastName(), givenNames: lf.person.firstName(card.sex === "F" ? "female" : "male") };
  }
  const issued = new Date(now.getTime() - 3900 * DAY);
  const expiry = new Date(now.getTime() - 240 * DAY);
  return { ...card, issueDate: iso(issued), expiryDate: iso(expiry), documentNumber: `${card.documentNumber.slice(0, 5)}${rng.int(1000, 9999)}` };
}

export function cardFingerprint(card: SpecimenCard): string {
  return idFingerprint({ docType: ID_DOC_TYPE, country: ISSUER, number: card.documentNumber });
}

export function planAccounts(rng: Rng, now: Date): PlannedAccount[] {
  const accounts: PlannedAccount[] = [];
  const usedEmails = new Set<string>();
  for (let index = 0; index < ACCOUNT_COUNT; index++) {
    const locale = LOCALE_ORDER[index % LOCALE_ORDER.length];
    const country = demoLocales[locale].country;
    const card = planCard(rng, locale, now);
    const kycStatus = kycFor(index);
    const createdAt = new Date(now.getTime() - rng.int(90, 1400) * DAY - rng.int(0, DAY - 1));
    const given = card.givenNames.split(" ")[0];
    let local = rng.pick([`${slug(given)}.${slug(card.surname)}`, `${slug(given)}${rng.int(1, 99)}`, `${slug(card.surname)}.${slug(given).slice(0, 1)}`, `${slug(given)}_${slug(card.surname)}${rng.int(70, 99)}`]);
    while (usedEmails.has(local)) local += rng.int(0, 9);
    usedEmails.add(local);
    const domain = rng.pick(EMAIL_DOMAINS);
    // A few customers' mail shows their address with capitals; intake matches on the lower-cased form.
    const email = index % 9 === 4 ? `${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain.toUpperCase()}` : `${local}@${domain}`;
    const verified = kycStatus === "VERIFIED";
    accounts.push({
      index,
      locale,
      country,
      card,
      displayName: `${given} ${card.surname}`,
      row: {
        id: rng.uuid7(createdAt),
        uid: String(38_400_000 + index * 10_007 + rng.int(0, 9_999)),
        email,
        emailNormalized: email.trim().toLowerCase(),
        phone: index % 11 === 10 ? null : fictionalPhone(country, rng.int(0, 999)),
        kycStatus,
        realName: verified ? `${card.givenNames} ${card.surname}` : null,
        locale,
        idFingerprint: verified ? cardFingerprint(card) : null,
        sourceUpdatedAt: new Date(createdAt.getTime() + rng.int(1, 60) * DAY),
        createdAt,
      },
    });
  }
  return accounts;
}
