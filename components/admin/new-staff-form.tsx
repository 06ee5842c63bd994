"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { createStaffAction } from "@/app/(console)/admin/actions";
import { FormError } from "@/components/auth/form-error";
import { useStepUp } from "@/components/auth/use-step-up";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { InviteLink } from "./invite-link";
import { RoleSelect, type Role } from "./role-select";
type Created = { id: string; name: string; inviteUrl: string | null; inviteExpiresAt: Date | null };

/** Adds a member (invite only); on success shows the invite link once. Rules live in lib/staff. */
export function NewStaffForm() {
  const { run, dialog } = useStepUp();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);

  // onSubmit rather than <form action>: React resets a form after its action, which would wipe
  // the fields when the server refuses them.
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    // The cast only satisfies the type: the server action validates the role.
    const input = { email: String(form.get("email") ?? ""), name: String(form.get("name") ?? ""), role: String(form.get("role") ?? "") as Role };
    const res = await run(() => createStaffAction(input));
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    setCreated({ id: res.data.staff.id, name: res.data.staff.name, inviteUrl: res.data.inviteUrl, inviteExpiresAt: res.data.inviteExpiresAt });
  }

  if (created) {
    return (
      <div className="max-w-2xl space-y-4">
        {created.inviteUrl ? <InviteLink url={created.inviteUrl} expiresAt={created.inviteExpiresAt} name={created.name} /> : null}
        <div className="flex gap-4 text-sm font-medium">
          <Link href={`/admin/staff/${created.id}`} className="text-brand-700 hover:underline">
            View {created.name}
          </Link>
          <button type="button" className="text-brand-700 hover:underline" onClick={() => setCreated(null)}>
            Add another staff member
          </button>
        </div>
      </div>
    );
  }

  return (
    <>
      <form onSubmit={submit} aria-label="New staff member" className="max-w-md space-y-5">
        <FormError message={error} />
        <Field id="email" name="email" type="email" label="Work email" autoComplete="off" spellCheck={false} maxLength={254} required />
        <Field id="name" name="name" label="Full name" autoComplete="off" maxLength={120} required />
        <RoleSelect id="role" name="role" label="Role" defaultValue="AGENT" required />
        <Button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create and get invite link"}
        </Button>
      </form>
      {/* Outside the form: the dialog has a form of its own. */}
      {dialog}
    </>
  );
}
