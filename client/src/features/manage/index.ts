export { AccountsPage } from './components/AccountsPage';
export { TeamsPage } from './components/TeamsPage';
export { SettingsPage } from './components/SettingsPage';
export { AuditPage } from './components/AuditPage';
export { AttributionEditor } from './components/AttributionEditor';
export { useAccounts } from './api/get-accounts';
export { useTeams } from './api/get-teams';
export type { Account, Team, CallAttribution } from './api/types';
