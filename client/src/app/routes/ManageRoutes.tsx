import { useQueryClient } from '@tanstack/react-query';
import { meQueryOptions, useMe } from '../../features/auth';
import { AccountsPage, AuditPage, SettingsPage, TeamsPage, type Account } from '../../features/manage';
import { canManage } from '../../lib/roles';

/**
 * The admin screens, in a chunk of their own (loaded by routes.tsx when one is opened): an agent's browser never
 * downloads them.
 */

/** The accounts screen: an admin edits, a supervisor reads. A change to one's own account refreshes who one is. */
export function AccountsRoute() {
  const me = useMe();
  const queryClient = useQueryClient();
  const onSaved = (account: Account) => {
    if (account.id === me.data?.id) void queryClient.invalidateQueries({ queryKey: meQueryOptions().queryKey });
  };
  return <AccountsPage canEdit={canManage(me.data?.role)} onSaved={onSaved} />;
}

export function TeamsRoute() {
  const me = useMe();
  return <TeamsPage canEdit={canManage(me.data?.role)} />;
}

export function SettingsRoute() {
  return <SettingsPage />;
}

export function AuditRoute() {
  return <AuditPage />;
}
