export interface Agent {
  email: string;
  displayName: string;
  businessId: string;
  businessName: string;
}

export const meQueryKey = ['auth', 'me'] as const;
