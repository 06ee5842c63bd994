"use server";

import { z } from "zod";
import { currentRequest } from "@/lib/auth/current";
import { PASSWORD_MAX } from "@/lib/auth/password";
import { isAppError } from "@/lib/errors";
import { acceptInvite } from "@/lib/staff/accept-invite";

// Public: the invite token is the only credential. acceptInvite checks it (hash, expiry, status)
// before any password work, and the link works once.

export interface InviteFormState {
  error?: string;
  accepted?: { email: string };
}

const ZAccept = z
  .object({ token: z.string().max(64), password: z.string().max(PASSWORD_MAX * 4), confirm: z.string().max(PASSWORD_MAX * 4) })
  .refine((v) => v.password === v.confirm, { message: "The two passwords do not match.", path: ["confirm"] });

export async function acceptInviteAction(_prev: InviteFormState, form: FormData): Promise<InviteFormState> {
  const input = ZAccept.safeParse({ token: form.get("token"), password: form.get("password"), confirm: form.get("confirm") });
  if (!input.success) return { error: input.error.issues[0]?.message ?? "Enter the same password twice." };
  try {
    const { email } = await acceptInvite({ token: input.data.token, password: input.data.password, request: await currentRequest() });
    return { accepted: { email } };
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    throw err;
  }
}
