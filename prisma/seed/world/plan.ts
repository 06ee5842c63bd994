import { DAY, HOUR, type Rng } from "../rng";
import { demoStaff } from "../demo-staff";
import { type CaseSkeleton, planCaseSkeletons } from "./case-skeleton";
import { type CaseRows, planCases } from "./cases";
import { type DevicePlan, planDevices } from "./devices";
import { EmailPlanner, type PlannedEmail } from "./emails";
import { type PlannedAccount, planAccounts } from "./people";
import { caseScenarios } from "./scenarios";

// The whole demo world as plain rows, before any bytes are made or anything is written.

export interface PlannedStaff {
  id: string;
  key: string;
  email: string;
  name: string;
  role: (typeof demoStaff)[number]["role"];
  createdAt: Date;
  lastActiveAt: Date;
}

export interface DemoWorld {
  staff: PlannedStaff[];
  accounts: PlannedAccount[];
  skeletons: CaseSkeleton[];
  devices: DevicePlan["devices"];
  logins: DevicePlan["logins"];
  cases: CaseRows;
  emails: PlannedEmail[];
}

export const demoCaseCount = () => caseScenarios.length;

export function planDemoWorld(rng: Rng, now: Date, caseNumbers: number[]): DemoWorld {
  const staff = demoStaff.map((s, i): PlannedStaff => {
    const createdAt = new Date(now.getTime() - (400 - i * 15) * DAY);
    return { id: rng.uuid7(createdAt), key: s.key, email: s.email, name: s.name, role: s.role, createdAt, lastActiveAt: new Date(now.getTime() - rng.int(1, 30) * HOUR) };
  });
  const staffIds = Object.fromEntries(staff.map((s) => [s.key, s.id]));
  const accounts = planAccounts(rng, now);
  const skeletons = planCaseSkeletons(rng, now, accounts, caseNumbers, staffIds);
  const { devices, logins } = planDevices(rng, now, accounts, skeletons, staffIds);
  const emails = new EmailPlanner(rng, now);
  const cases = planCases(rng, now, { skeletons, accounts, devices, staffIds }, emails);
  return { staff, accounts, skeletons, devices, logins, cases, emails: emails.emails };
}
