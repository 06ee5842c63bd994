"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { deleteWebhookEndpointAction, rotateWebhookSecretAction, updateWebhookEndpointAction } from "@/app/(console)/admin/webhooks/actions";
import { ActionStatus } from "@/components/ui/action-status";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import type { WebhookEndpointRow } from "@/lib/webhooks/list-endpoints";
import { EventCheckboxes } from "./event-checkboxes";
import { deliveriesHref, EVENT_OPTIONS } from "./labels";
import { SecretNotice } from "./secret-notice";
import { useWebhookAction } from "./use-webhook-action";

const eventLabel = (t: string) => EVENT_OPTIONS.find((o) => o.type === t)?.label ?? t;

/** One endpoint: what it receives, how its deliveries stand, and its controls (the server checks each again). */
export function EndpointCard({ endpoint }: { endpoint: WebhookEndpointRow }) {
  const { perform, pending, status } = useWebhookAction();
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const id = endpoint.id;
  const busy = pending !== null;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const events = form.getAll("events").map(String);
    const ok = await perform("save", () => updateWebhookEndpointAction({ endpointId: id, name: String(form.get("name") ?? ""), url: String(form.get("url") ?? ""), events }), () => "Saved.");
    if (ok) setEditing(false);
  }

  return (
    <li className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 space-y-1">
          <h3 className="flex items-center gap-2 font-semibold text-slate-900">
            {endpoint.name}
            {endpoint.active ? <Badge tone="emerald">Active</Badge> : <Badge tone="slate">Disabled</Badge>}
          </h3>
          <p className="font-mono text-xs break-all text-slate-600">{endpoint.url}</p>
          <p className="flex flex-wrap gap-1">
            {endpoint.events.map((e) => (
              <Badge key={e} tone="brand">
                {eventLabel(e)}
              </Badge>
            ))}
          </p>
        </div>
        <p className="flex shrink-0 gap-3 text-sm">
          <Link href={deliveriesHref({ endpointId: id, status: "PENDING" })} className="text-amber-800 hover:underline">
            {endpoint.deliveries.pending} pending
          </Link>
          <Link href={deliveriesHref({ endpointId: id, status: "FAILED" })} className="text-red-800 hover:underline">
            {endpoint.deliveries.failed} failed
          </Link>
          <Link href={deliveriesHref({ endpointId: id, status: "DELIVERED" })} className="text-emerald-800 hover:underline">
            {endpoint.deliveries.delivered} delivered
          </Link>
        </p>
      </div>
      <ActionStatus status={status} />
      {secret ? <SecretNotice name={endpoint.name} secret={secret} onDone={() => setSecret(null)} /> : null}
      {editing ? (
        <form onSubmit={save} aria-label={`Edit ${endpoint.name}`} className="space-y-3 border-t border-slate-100 pt-3">
          <div className="grid gap-3 sm:grid-cols-2">
            <Field id={`name-${id}`} name="name" label="Name" defaultValue={endpoint.name} maxLength={100} required />
            <Field id={`url-${id}`} name="url" type="url" label="URL" defaultValue={endpoint.url} maxLength={2048} required spellCheck={false} />
          </div>
          <EventCheckboxes idPrefix={id} selected={endpoint.events} />
          <div className="flex gap-2">
            <Button type="submit" disabled={busy}>
              {pending === "save" ? "Saving…" : "Save"}
            </Button>
            <Button variant="secondary" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" disabled={busy} onClick={() => setEditing(true)}>
            Edit
          </Button>
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() => perform("toggle", () => updateWebhookEndpointAction({ endpointId: id, active: !endpoint.active }), (r) => (r.active ? "Enabled." : "Disabled: nothing is sent to it until it is enabled again."))}
          >
            {endpoint.active ? "Disable" : "Enable"}
          </Button>
          <ConfirmButton
            label="Rotate secret"
            confirmLabel="Yes, rotate"
            question="The receiver must switch to the new secret at once. Rotate?"
            busy={pending === "rotate"}
            disabled={busy}
            onConfirm={async () => {
              const r = await perform("rotate", () => rotateWebhookSecretAction({ endpointId: id }), () => "Secret rotated.");
              if (r) setSecret(r.secret);
            }}
          />
          <ConfirmButton
            label="Delete"
            confirmLabel="Yes, delete"
            question="Delete the endpoint and its delivery log?"
            busy={pending === "delete"}
            disabled={busy}
            onConfirm={() => perform("delete", () => deleteWebhookEndpointAction({ endpointId: id }), () => "Deleted.")}
          />
        </div>
      )}
    </li>
  );
}
