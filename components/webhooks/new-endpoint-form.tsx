"use client";

import { useState, type FormEvent } from "react";
import { createWebhookEndpointAction } from "@/app/(console)/admin/webhooks/actions";
import { FormError } from "@/components/auth/form-error";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { EventCheckboxes } from "./event-checkboxes";
import { EVENT_OPTIONS } from "./labels";
import { SecretNotice } from "./secret-notice";
import { useWebhookAction } from "./use-webhook-action";

/** Adds an endpoint; on success shows its signing secret once. The rules (https, public address) live in lib/webhooks. */
export function NewEndpointForm() {
  const { perform, pending, status } = useWebhookAction();
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [formKey, setFormKey] = useState(0);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const events = form.getAll("events").map(String);
    const data = await perform(
      "create",
      () => createWebhookEndpointAction({ name: String(form.get("name") ?? ""), url: String(form.get("url") ?? ""), events }),
      (r) => `Endpoint ${r.endpoint.name} added.`,
    );
    if (data) {
      setCreated({ name: data.endpoint.name, secret: data.secret });
      setFormKey((k) => k + 1);
    }
  }

  if (created) return <SecretNotice name={created.name} secret={created.secret} onDone={() => setCreated(null)} />;

  return (
    <form key={formKey} onSubmit={submit} aria-label="New webhook endpoint" className="max-w-2xl space-y-4">
      <FormError message={status?.tone === "error" ? status.text : undefined} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="webhook-name" name="name" label="Name" maxLength={100} required autoComplete="off" />
        <Field id="webhook-url" name="url" type="url" label="URL" hint="https, on a public address." maxLength={2048} required autoComplete="off" spellCheck={false} />
      </div>
      <EventCheckboxes idPrefix="new" selected={EVENT_OPTIONS.map((o) => o.type)} />
      <Button type="submit" disabled={pending !== null}>
        {pending ? "Adding…" : "Add endpoint"}
      </Button>
    </form>
  );
}
