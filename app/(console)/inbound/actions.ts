"use server";

import { runAction } from "@/lib/auth/current";
import { askForJpeg } from "@/lib/intake/staff/ask-for-jpeg";
import { linkInboundEmail, type TLinkInboundEmailInput } from "@/lib/intake/staff/link-inbound-email";
import { retryInboundEmail } from "@/lib/intake/staff/retry-inbound-email";
import { setDocumentSide, type TSetDocumentSideInput } from "@/lib/intake/staff/set-document-side";

// Staff actions on inbound email from the console. Every export is callable from the internet:
// each hands its argument to a use case, which checks the permission first, then validates the
// input and the email's state itself (the same functions serve /api/v1).

export async function retryInboundEmailAction(input: { id: string }) {
  return runAction(({ actor, request }) => retryInboundEmail(actor, input, { request }));
}

export async function linkInboundEmailAction(input: TLinkInboundEmailInput) {
  return runAction(({ actor, request }) => linkInboundEmail(actor, input, { request }));
}

export async function askForJpegAction(input: { id: string }) {
  return runAction(({ actor, request }) => askForJpeg(actor, input, { request }));
}

export async function setDocumentSideAction(input: TSetDocumentSideInput) {
  return runAction(({ actor, request }) => setDocumentSide(actor, input, { request }));
}
