import type { LoginFilterState } from "./labels";

// The login-history filters in the account page's URL (?device=&method=&outcome=&from=&to=&cursor=)
// and their translation into listLogins input. Dates are UTC days; "to" includes its whole day.

type SearchParams = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined): string | undefined => {
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s ? s.slice(0, 200) : undefined;
};

export function loginFilterState(params: SearchParams): LoginFilterState {
  return { device: one(params.device), method: one(params.method), outcome: one(params.outcome), from: one(params.from), to: one(params.to), cursor: one(params.cursor) };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** yyyy-mm-dd → that UTC midnight; anything else is passed through for listLogins to validate (and refuse). */
function dayStart(value: string): Date | string {
  return DAY.test(value) ? new Date(`${value}T00:00:00.000Z`) : value;
}

export function loginQuery(uid: string, state: LoginFilterState, limit = 50) {
  const to = state.to ? dayStart(state.to) : undefined;
  return {
    uid,
    deviceId: state.device,
    method: state.method,
    outcome: state.outcome,
    from: state.from ? dayStart(state.from) : undefined,
    to: to instanceof Date ? new Date(to.getTime() + 86_400_000) : to,
    cursor: state.cursor,
    limit,
  };
}
