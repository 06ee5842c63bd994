import Link from "next/link";
import { DeviceTable } from "@/components/accounts/device-table";
import { LoginTable } from "@/components/accounts/login-table";
import { Badge } from "@/components/ui/badge";
import type { AccountActivity } from "@/lib/cases/case-context";

// The account page's device table and the newest logins, for staff with account.read (the page
// leaves this out for others). Device actions stay on the account page; decisions go through the
// decision panel.

const link = "text-sm font-medium text-brand-700 hover:underline";

export function CaseAccountActivity({ activity, deviceUnderReview }: { activity: AccountActivity; deviceUnderReview: string | null }) {
  const href = `/accounts/${encodeURIComponent(activity.uid)}`;
  const marks = deviceUnderReview ? { [deviceUnderReview]: <Badge tone="brand">Under review here</Badge> } : {};
  return (
    <div className="space-y-6">
      <section aria-labelledby="case-devices-title" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <div>
            <h2 id="case-devices-title" className="text-base font-semibold text-slate-900">
              Devices
            </h2>
            <p className="text-sm text-slate-600">Authorised devices expire after {activity.deviceExpiryDays} days without a login.</p>
          </div>
          <Link href={href} className={link}>
            Manage devices on the account page
          </Link>
        </div>
        <DeviceTable devices={activity.devices} actions={marks} />
      </section>

      <section aria-labelledby="case-logins-title" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h2 id="case-logins-title" className="text-base font-semibold text-slate-900">
            Recent logins
          </h2>
          <Link href={`${href}#logins`} className={link}>
            {activity.moreLogins ? "Full login history" : "Login history with filters"}
          </Link>
        </div>
        <LoginTable rows={activity.logins} emptyText="No logins reported for this account." />
      </section>
    </div>
  );
}
