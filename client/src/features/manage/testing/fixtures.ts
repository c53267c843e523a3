import type { Account, Team } from '../api/types';

/** Accounts and teams of one business, for the feature's tests. */
export const dana: Account = {
  id: '11111111-1111-4111-8111-111111111111',
  email: 'dana@acme.test',
  displayName: 'Dana Cohen',
  role: 'admin',
  teamIds: [],
  identities: [],
  disabled: false,
};

export const avi: Account = {
  id: '22222222-2222-4222-8222-222222222222',
  email: 'avi@acme.test',
  displayName: 'Avi Levi',
  role: 'agent',
  teamIds: ['t-sales'],
  identities: ['client:avi', '+972501234567'],
  disabled: false,
};

export const noa: Account = {
  id: '33333333-3333-4333-8333-333333333333',
  email: 'noa@acme.test',
  displayName: 'Noa Bar',
  role: 'supervisor',
  teamIds: ['t-sales'],
  identities: ['sip:noa@pbx.acme.test'],
  disabled: true,
};

export const sales: Team = {
  id: 't-sales',
  name: 'Sales',
  phoneNumbers: ['+15551230001'],
  supervisorIds: [noa.id],
  memberIds: [avi.id, noa.id],
};

export const support: Team = {
  id: 't-support',
  name: 'Support',
  phoneNumbers: [],
  supervisorIds: [],
  memberIds: [],
};
