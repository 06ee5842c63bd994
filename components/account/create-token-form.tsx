"use client";

import { useState, type FormEvent } from "react";
import { createTokenAction } from "@/app/(console)/account/actions";
import { FormError } from "@/components/auth/form-error";
import { useStepUp } from "@/components/auth/use-step-up";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { roleLabel } from "@/components/ui/format";
import type { CreatedApiToken } from "@/lib/auth/api-tokens";
import type { StaffRole } from "@/lib/generated/prisma/enums";

/** Name, role (the member's own or lower) and lifetime of a new token. Asks for step-up first. */
export function CreateTokenForm({
  roles,
  defaultRole,
  defaultDays,
  maxDays,
  onCreated,
}: {
  roles: StaffRole[];
  defaultRole: StaffRole;
  defaultDays: number;
  maxDays: number;
  onCreated: (token: CreatedApiToken) => void;
}) {
  const { run, dialog } = useStepUp();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  // onSubmit rather than a form action: on an error the fields keep what was typed.
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    setBusy(true);
    setError(undefined);
    const days = Number(form.get("days"));
    const input = { name: String(form.get("name") ?? ""), role: roles.find((r) => r === form.get("role")), expiresInDays: Number.isInteger(days) ? days : undefined };
    const res = await run(() => createTokenAction(input));
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    formEl.reset();
    onCreated(res.data);
  }

  return (
    <form onSubmit={submit} aria-labelledby="create-token-title" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <h3 id="create-token-title" className="font-semibold text-slate-900">
        Create a token
      </h3>
      <FormError message={error} />
      <Field id="token-name" name="name" label="Name" hint="What it is for, e.g. “nightly export script”." maxLength={80} required autoComplete="off" />
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-1.5">
          <label htmlFor="token-role" className="block text-sm font-medium text-slate-800">
            Role
          </label>
          <select
            id="token-role"
            name="role"
            defaultValue={defaultRole}
            aria-describedby="token-role-hint"
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabel[r] ?? r}
              </option>
            ))}
          </select>
          <p id="token-role-hint" className="text-xs text-slate-500">
            Your role or one with fewer permissions.
          </p>
        </div>
        <Field id="token-days" name="days" type="number" label="Expires after (days)" hint={`1 to ${maxDays}.`} min={1} max={maxDays} step={1} defaultValue={defaultDays} required />
      </div>
      <Button type="submit" disabled={busy}>
        {busy ? "Creating…" : "Create token"}
      </Button>
      {dialog}
    </form>
  );
}
