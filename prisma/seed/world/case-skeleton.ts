import { formatCaseRef } from "../../../lib/cases/case-ref";
import { MINUTE, type Rng, addMinutes } from "../rng";
import type { PlannedAccount } from "./people";
import { type CaseScenario, scenariosOldestFirst } from "./scenarios";

// Ids, numbers and times of the demo cases, fixed first because devices, emails and the timeline
// all hang off them.

export interface CaseSkeleton {
  scenario: CaseScenario;
  id: string;
  number: number;
  ref: string;
  account: PlannedAccount;
  createdAt: Date;
  assigneeId: string | null;
  claimedAt: Date | null;
  /** Escalation, resubmission request, approval request or decision. */
  actedAt: Date | null;
  decidedAt: Date | null;
  deciderId: string | null;
  deviceId: string;
  deviceFirstSeenAt: Date;
}

/**
 * @param numbers case numbers reserved from the ReviewCase sequence, one per scenario, ascending
 */
export function planCaseSkeletons(rng: Rng, now: Date, accounts: PlannedAccount[], numbers: number[], staffIds: Record<string, string>): CaseSkeleton[] {
  const scenarios = scenariosOldestFirst();
  if (numbers.length !== scenarios.length) throw new Error(`need ${scenarios.length} case numbers, got ${numbers.length}`);
  return scenarios.map((scenario, i) => {
    const createdAt = new Date(now.getTime() - scenario.age * MINUTE - rng.int(0, 59_000));
    const at = (after: number | undefined) => (after === undefined ? null : addMinutes(createdAt, after));
    const decided = scenario.status === "APPROVED" || scenario.status === "REJECTED";
    const deviceFirstSeenAt = new Date(createdAt.getTime() - rng.int(40, 900) * MINUTE);
    return {
      scenario,
      id: rng.uuid7(createdAt),
      number: numbers[i],
      ref: formatCaseRef(numbers[i]),
      account: accounts[scenario.account],
      createdAt,
      assigneeId: scenario.assignee ? staffIds[scenario.assignee] : null,
      claimedAt: at(scenario.claimedAfter),
      actedAt: at(scenario.actedAfter),
      decidedAt: decided ? at(scenario.actedAfter) : null,
      deciderId: decided && scenario.decider ? staffIds[scenario.decider] : null,
      deviceId: rng.uuid7(deviceFirstSeenAt),
      deviceFirstSeenAt,
    };
  });
}
