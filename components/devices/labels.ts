// Words for device decisions, shared by the device actions and the approvals list.

export const reasonText: Record<string, string> = {
  CASE_APPROVED: "Review case approved",
  IDENTITY_CONFIRMED: "Identity confirmed another way",
  CUSTOMER_REQUEST: "Customer's request",
  LOST_OR_STOLEN: "Lost or stolen",
  SUSPECTED_COMPROMISE: "Suspected compromise",
  SUSPECTED_FRAUD: "Suspected fraud",
  POLICY: "Policy",
  OTHER: "Other (say why in the note)",
};

export const securityItemText: Record<string, string> = {
  EMAIL_CODE: "email code",
  SMS_CODE: "SMS code",
  PHONE_CODE: "phone code",
  AUTHENTICATOR_CODE: "authenticator code",
  TOTP: "authenticator code",
};

export const itemList = (items: readonly string[]): string => items.map((i) => securityItemText[i] ?? i.toLowerCase().replaceAll("_", " ")).join(", ");

export const countDevices = (n: number): string => (n === 1 ? "1 other device" : `${n} other devices`);
