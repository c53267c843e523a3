import { CallsList, type FilterOption } from '../../features/calls';
import { useMe } from '../../features/auth';
import { useAccounts, useTeams } from '../../features/manage/calls';
import { canReadAccounts } from '../../lib/roles';

/** The calls list; a supervisor and an admin also filter it by agent and by team (chosen from the business's). */
export function CallsRoute() {
  const me = useMe();
  const filters = canReadAccounts(me.data?.role);
  const accounts = useAccounts({ enabled: filters });
  const teams = useTeams({ enabled: filters });
  const byLabel = (a: FilterOption, b: FilterOption) => a.label.localeCompare(b.label);
  const filterOptions =
    filters && accounts.data && teams.data
      ? {
          agents: accounts.data.items.map((account) => ({ id: account.id, label: account.displayName })).sort(byLabel),
          teams: teams.data.items.map((team) => ({ id: team.id, label: team.name })).sort(byLabel),
        }
      : undefined;
  return <CallsList filterOptions={filterOptions} />;
}
