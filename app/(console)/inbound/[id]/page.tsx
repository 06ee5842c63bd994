import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { NotAllowed } from "@/components/auth/not-allowed";
import { DocumentTable } from "@/components/inbound/document-table";
import { EmailActions } from "@/components/inbound/email-actions";
import { EmailFacts } from "@/components/inbound/email-facts";
import { PurgedNotice } from "@/components/inbound/purged-notice";
import { ReplyList } from "@/components/inbound/reply-list";
import { PageHeader } from "@/components/ui/page-header";
import { currentRequest, pageSession } from "@/lib/auth/current";
import type { Actor } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { inboundCapabilities } from "@/lib/intake/staff/capabilities";
import { getInboundEmail, type InboundEmailDetail } from "@/lib/intake/staff/get-inbound-email";

export const metadata: Metadata = { title: "Inbound email" };

const back = (
  <Link href="/inbound" className="text-sm font-medium text-brand-700 hover:underline">
    Back to inbound email
  </Link>
);

async function load(actor: Actor, id: string): Promise<InboundEmailDetail> {
  try {
    return await getInboundEmail(actor, { id }, { request: await currentRequest() });
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}

export default async function InboundEmailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor, allowed } = await pageSession("inbound.read");
  if (!allowed) {
    return (
      <div className="space-y-6">
        <PageHeader title="Inbound email" description="One delivery: sender checks, attachments, replies." actions={back} />
        <NotAllowed what="Inbound email" />
      </div>
    );
  }
  const email = await load(actor, id);
  const can = inboundCapabilities(actor, email);

  return (
    <div className="space-y-8">
      {/* Subjects are the sender's text: React escapes them; they are never rendered as HTML here. */}
      <PageHeader
        title={email.subject ? email.subject.slice(0, 200) : email.purgedAt ? "(subject removed by retention)" : "(no subject)"}
        description="One delivery: sender checks, attachments, replies."
        actions={back}
      />
      <EmailFacts email={email} />
      {email.purgedAt ? <PurgedNotice purgedAt={email.purgedAt} /> : <EmailActions id={email.id} can={can} />}
      <DocumentTable documents={email.documents} relabel={can.relabel} />
      <ReplyList replies={email.replies} />
    </div>
  );
}
