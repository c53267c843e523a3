import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NoAccess } from '../../../components/NoAccess';
import { useAccounts } from '../api/get-accounts';
import { useTeams } from '../api/get-teams';
import type { Team } from '../api/types';
import { NameList } from './NameList';
import { DeleteTeam } from './DeleteTeam';
import { isForbidden } from './failure';
import { useReturnFocus } from './focus';
import { Notice } from './form';
import { TeamForm } from './TeamForm';

type Panel = { kind: 'create' } | { kind: 'edit'; team: Team } | { kind: 'delete'; team: Team } | null;

/** The business's teams: their numbers, supervisors and members; an admin creates, edits and deletes them. */
export function TeamsPage({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const accounts = useAccounts();
  const [panel, setPanel] = useState<Panel>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const focus = useReturnFocus(heading);

  const open = (next: NonNullable<Panel>, opener: HTMLElement) => {
    focus.remember(opener);
    setNotice(null);
    setPanel(next);
  };
  const close = (message: string | null = null) => {
    setPanel(null);
    setNotice(message);
    focus.restore();
  };

  if (isForbidden(teams.error)) return <NoAccess />;
  const accountList = accounts.data?.items ?? [];
  const nameOf = new Map(accountList.map((account) => [account.id, account.displayName]));
  const names = (ids: string[]) => ids.map((id) => nameOf.get(id) ?? '').filter(Boolean);

  return (
    <section className="manage-page" aria-labelledby="teams-title">
      <div className="page-header">
        <h1 id="teams-title" ref={heading} tabIndex={-1} className="page-title">
          {t('manage.teams.title')}
        </h1>
        {canEdit && (
          <button
            type="button"
            className="button button--primary"
            onClick={(event) => open({ kind: 'create' }, event.currentTarget)}
          >
            {t('manage.teams.new')}
          </button>
        )}
      </div>
      {!canEdit && <p className="page-intro">{t('manage.teams.readOnly')}</p>}
      <Notice message={notice} />
      {canEdit && (panel?.kind === 'create' || panel?.kind === 'edit') && (
        <TeamForm
          key={panel.kind === 'edit' ? panel.team.id : 'new'}
          team={panel.kind === 'edit' ? panel.team : undefined}
          accounts={accountList}
          onCancel={() => close()}
          onSaved={(team, created) =>
            close(t(created ? 'manage.teams.created' : 'manage.teams.saved', { name: team.name }))
          }
        />
      )}
      {canEdit && panel?.kind === 'delete' && (
        <DeleteTeam
          key={panel.team.id}
          team={panel.team}
          onCancel={() => close()}
          onDeleted={() => close(t('manage.teams.deleted', { name: panel.team.name }))}
        />
      )}
      {teams.isPending && (
        <p role="status" className="page-message">
          {t('manage.loading')}
        </p>
      )}
      {teams.isError && (
        <p role="alert" className="alert alert--error">
          {t('manage.loadError')}
        </p>
      )}
      {teams.data && teams.data.items.length === 0 && <p className="empty-state">{t('manage.teams.empty')}</p>}
      {teams.data && teams.data.items.length > 0 && (
        <div className="table-card">
          <table className="data-table">
            <caption className="visually-hidden">{t('manage.teams.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('manage.teams.name')}</th>
                <th scope="col">{t('manage.teams.phoneNumbers')}</th>
                <th scope="col">{t('manage.teams.supervisors')}</th>
                <th scope="col">{t('manage.teams.members')}</th>
                {canEdit && <th scope="col">{t('manage.teams.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {teams.data.items.map((team) => (
                <tr key={team.id}>
                  <th scope="row">
                    <bdi>{team.name}</bdi>
                  </th>
                  <td>
                    <NameList names={team.phoneNumbers} ltr />
                  </td>
                  <td>
                    <NameList names={names(team.supervisorIds)} />
                  </td>
                  <td>
                    <NameList names={names(team.memberIds)} />
                  </td>
                  {canEdit && (
                    <td>
                      <span className="row-actions">
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          onClick={(event) => open({ kind: 'edit', team }, event.currentTarget)}
                        >
                          {t('manage.teams.edit')} <span className="visually-hidden">{team.name}</span>
                        </button>
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          onClick={(event) => open({ kind: 'delete', team }, event.currentTarget)}
                        >
                          {t('manage.teams.delete')} <span className="visually-hidden">{team.name}</span>
                        </button>
                      </span>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
