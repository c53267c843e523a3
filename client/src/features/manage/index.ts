// The admin screens (routes.tsx loads them lazily, through app/routes/ManageRoutes.tsx). The calls screens import
// ./calls instead, so that an agent's browser never downloads these.
export { AccountsPage } from './components/AccountsPage';
export { TeamsPage } from './components/TeamsPage';
export { SettingsPage } from './components/SettingsPage';
export { AuditPage } from './components/AuditPage';
export type { Account, Team } from './api/types';
