// What the calls screens use of this feature (the agent and team filters, an admin's correction of a call's agents),
// apart from index.ts so that the admin screens stay in a chunk of their own, loaded only when one is opened.
export { AttributionEditor } from './components/AttributionEditor';
export { useAccounts } from './api/get-accounts';
export { useTeams } from './api/get-teams';
export type { CallAttribution } from './api/types';
