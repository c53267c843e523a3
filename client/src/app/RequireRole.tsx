import { Outlet } from 'react-router-dom';
import { NoAccess } from '../components/NoAccess';
import { useMe } from '../features/auth';
import type { Role } from '../lib/roles';

/**
 * The pages a role may use (inside RequireAuth, so the account is known). Any other role is told it has no access
 * here: no crash, and no redirect that could loop.
 */
export function RequireRole({ allow }: { allow: (role: Role | undefined) => boolean }) {
  const me = useMe();
  return allow(me.data?.role) ? <Outlet /> : <NoAccess />;
}
