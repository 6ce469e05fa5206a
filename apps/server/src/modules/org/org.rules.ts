/**
 * Whether moving a unit under a new parent would put it inside its own subtree (a cycle).
 * Paths are /root/…/id/, so the new parent lies in the subtree exactly when its path starts
 * with the unit's path.
 */
export function wouldCreateCycle(unitPath: string, newParentPath: string): boolean {
  return newParentPath.startsWith(unitPath);
}

/** Masks a phone number as 138****5678, keeping the operator prefix and last four digits. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
