export { LoginForm } from './components/LoginForm';
export { useMe, meQueryOptions } from './api/get-me';
export { useLogout } from './api/logout';
export type { Agent } from './api/types';
