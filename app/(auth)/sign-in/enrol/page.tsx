import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { EnrolForm } from "@/components/auth/enrol-form";
import { Button } from "@/components/ui/button";
import { pendingSession } from "@/lib/auth/current";
import { safeNext } from "@/lib/auth/next-path";
import { beginEnrolment } from "@/lib/auth/second-factor";
import { signOutAction } from "../actions";

export const metadata: Metadata = { title: "Set up two-factor sign-in" };

/** Groups a base32 secret in fours so it can be typed into an app by hand. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(" ") ?? secret;

export default async function EnrolPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  // ACTIVE only while confirmEnrol re-renders this page with the new cookie: its recovery codes are on screen.
  const session = await pendingSession({ afterAction: true });
  const next = safeNext((await searchParams).next) ?? undefined;
  if (session.stage === "MFA_VERIFY") redirect(`/sign-in/verify${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  const enrolment = session.stage === "MFA_ENROL" ? await beginEnrolment(session) : null;
  return (
    <div className="space-y-6">
      <div className="space-y-1.5">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Set up two-factor sign-in</h1>
        <p className="text-sm text-slate-600">
          Every Gatehouse sign-in needs a code from an authenticator app (1Password, Google Authenticator, Microsoft
          Authenticator, Authy…). Scan the code with the app, then enter the 6 digits it shows.
        </p>
      </div>
      {enrolment ? (
        <figure className="space-y-2">
          {/* The SVG is generated on our server from our own otpauth URI; nothing user-supplied is in it. */}
          <div
            role="img"
            aria-label="QR code for your authenticator app"
            className="mx-auto size-48 rounded-md border border-slate-200 bg-white p-2 [&>svg]:size-full"
            dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
          />
          <figcaption className="text-center text-xs text-slate-600">
            Cannot scan? Enter this key:{" "}
            <code data-testid="totp-secret" className="font-mono text-sm break-all text-slate-900">
              {grouped(enrolment.secret)}
            </code>
          </figcaption>
        </figure>
      ) : null}
      <EnrolForm next={next} />
      <form action={signOutAction}>
        <Button type="submit" variant="secondary" className="w-full">
          Cancel and sign out
        </Button>
      </form>
    </div>
  );
}
