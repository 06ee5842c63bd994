import type { Tx } from "../db";

/**
 * Records that a TOTP time step was used, if it is newer than the last one (ASVS 2.8.4). The
 * write is conditional, so of two requests racing with the same code only one gets true.
 */
export async function claimTotpStep(tx: Tx, staffId: string, step: number): Promise<boolean> {
  const won = await tx.staffUser.updateMany({ where: { id: staffId, OR: [{ mfaLastStep: null }, { mfaLastStep: { lt: step } }] }, data: { mfaLastStep: step } });
  return won.count === 1;
}
