import { RoleBadge } from "@/components/ui/badge";

/** Who is signed in. Changes to name, email or role are made by an administrator. */
export function ProfileCard({ name, email, role }: { name: string; email: string; role: string }) {
  return (
    <section aria-labelledby="profile-title" className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="profile-title" className="text-base font-semibold text-slate-900">
        Profile
      </h2>
      <dl className="mt-3 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium text-slate-600">Name</dt>
        <dd className="text-slate-900">{name}</dd>
        <dt className="font-medium text-slate-600">Email</dt>
        <dd className="text-slate-900">{email}</dd>
        <dt className="font-medium text-slate-600">Role</dt>
        <dd>
          <RoleBadge role={role} />
        </dd>
      </dl>
      <p className="mt-4 text-xs text-slate-500">An administrator changes names, email addresses and roles.</p>
    </section>
  );
}
