import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

const NOTICE_ID = "sign-in-unavailable";

/**
 * The staff sign-in form as it will look. It is inert until the staff-auth issue lands: the submit
 * button is disabled (which also blocks Enter-to-submit) and there is no action, so nothing is sent.
 * method="post" keeps credentials out of the URL should the button ever be enabled by mistake.
 */
export function SignInForm() {
  return (
    <form method="post" aria-label="Staff sign-in" aria-describedby={NOTICE_ID} className="space-y-5">
      <Notice id={NOTICE_ID} title="Sign-in is not available yet" tone="warning">
        Staff sign-in arrives with the staff-auth issue (#3). Until then this form sends nothing and no one can sign in.
      </Notice>
      <Field id="email" name="email" type="email" label="Work email" autoComplete="username" spellCheck={false} required />
      <Field id="password" name="password" type="password" label="Password" autoComplete="current-password" required />
      <Field
        id="totp"
        name="totp"
        type="text"
        label="Authenticator code"
        hint="The 6-digit code from your authenticator app."
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]{6}"
        maxLength={6}
        required
      />
      <Button type="submit" disabled aria-describedby={NOTICE_ID} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
