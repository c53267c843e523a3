/** An account's role in its business (`admin`: the business's administrator). */
export const ROLES = ['agent', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who may open the accounts and teams screens: an admin edits them, a supervisor only reads them. */
export function canReadAccounts(role: Role | undefined): boolean {
  return role === 'admin' || role === 'supervisor';
}

/** Who may change the business's accounts, teams, retention and settings, read the audit log and correct a call's agents. */
export function canManage(role: Role | undefined): boolean {
  return role === 'admin';
}
