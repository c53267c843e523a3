import type { Role } from '../../../lib/roles';

export interface Agent {
  /** The account's id (uuid). */
  id: string;
  email: string;
  displayName: string;
  role: Role;
  businessId: string;
  businessName: string;
}

export const meQueryKey = ['auth', 'me'] as const;
