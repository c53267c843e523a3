import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccounts } from '../api/get-accounts';
import { useTeams } from '../api/get-teams';
import type { Account } from '../api/types';
import { AccountForm } from './AccountForm';
import { isForbidden } from './failure';
import { useReturnFocus } from './focus';
import { Notice } from './form';
import { NameList } from './NameList';
import { NoAccess } from '../../../components/NoAccess';
import { ResetPasswordForm } from './ResetPasswordForm';

type Panel = { kind: 'create' } | { kind: 'edit'; account: Account } | { kind: 'password'; account: Account } | null;

interface AccountsPageProps {
  /** An admin edits; a supervisor only reads (no write buttons). */
  canEdit: boolean;
  /** After a save (the app refreshes the signed-in account when it is the one changed). */
  onSaved?: (account: Account) => void;
}

/** The business's accounts: who they are, their role, teams and identities; an admin creates and edits them. */
export function AccountsPage({ canEdit, onSaved }: AccountsPageProps) {
  const { t } = useTranslation();
  const accounts = useAccounts();
  const teams = useTeams();
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

  if (isForbidden(accounts.error)) return <NoAccess />;
  const teamList = teams.data?.items ?? [];
  const teamName = new Map(teamList.map((team) => [team.id, team.name]));

  return (
    <section className="manage-page" aria-labelledby="accounts-title">
      <div className="page-header">
        <h1 id="accounts-title" ref={heading} tabIndex={-1} className="page-title">
          {t('manage.accounts.title')}
        </h1>
        {canEdit && (
          <button
            type="button"
            className="button button--primary"
            onClick={(event) => open({ kind: 'create' }, event.currentTarget)}
          >
            {t('manage.accounts.new')}
          </button>
        )}
      </div>
      {!canEdit && <p className="page-intro">{t('manage.accounts.readOnly')}</p>}
      <Notice message={notice} />
      {canEdit && panel?.kind === 'create' && (
        <AccountForm
          teams={teamList}
          onCancel={() => close()}
          onSaved={(account) => {
            onSaved?.(account);
            close(t('manage.accounts.created', { name: account.displayName }));
          }}
        />
      )}
      {canEdit && panel?.kind === 'edit' && (
        <AccountForm
          key={panel.account.id}
          account={panel.account}
          teams={teamList}
          onCancel={() => close()}
          onSaved={(account) => {
            onSaved?.(account);
            close(t('manage.accounts.saved', { name: account.displayName }));
          }}
        />
      )}
      {canEdit && panel?.kind === 'password' && (
        <ResetPasswordForm
          key={panel.account.id}
          account={panel.account}
          onCancel={() => close()}
          onDone={() => close(t('manage.accounts.passwordReset', { name: panel.account.displayName }))}
        />
      )}
      {accounts.isPending && (
        <p role="status" className="page-message">
          {t('manage.loading')}
        </p>
      )}
      {accounts.isError && (
        <p role="alert" className="alert alert--error">
          {t('manage.loadError')}
        </p>
      )}
      {accounts.data && accounts.data.items.length === 0 && <p className="empty-state">{t('manage.accounts.empty')}</p>}
      {accounts.data && accounts.data.items.length > 0 && (
        <div className="table-card">
          <table className="data-table">
            <caption className="visually-hidden">{t('manage.accounts.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('manage.accounts.displayName')}</th>
                <th scope="col">{t('manage.accounts.email')}</th>
                <th scope="col">{t('manage.accounts.role')}</th>
                <th scope="col">{t('manage.accounts.teams')}</th>
                <th scope="col">{t('manage.accounts.identities')}</th>
                <th scope="col">{t('manage.accounts.status')}</th>
                {canEdit && <th scope="col">{t('manage.accounts.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {accounts.data.items.map((account) => (
                <tr key={account.id} className={account.disabled ? 'data-table__row--muted' : undefined}>
                  <th scope="row">
                    <bdi>{account.displayName}</bdi>
                  </th>
                  <td>
                    <span dir="ltr">{account.email}</span>
                  </td>
                  <td>{t(`roles.${account.role}`)}</td>
                  <td>
                    <NameList names={account.teamIds.map((id) => teamName.get(id) ?? '').filter(Boolean)} />
                  </td>
                  <td>
                    <NameList names={account.identities} ltr />
                  </td>
                  <td>
                    <span className={account.disabled ? 'status status--off' : 'status status--on'}>
                      {account.disabled ? t('manage.accounts.disabled') : t('manage.accounts.active')}
                    </span>
                  </td>
                  {canEdit && (
                    <td>
                      <span className="row-actions">
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          onClick={(event) => open({ kind: 'edit', account }, event.currentTarget)}
                        >
                          {t('manage.accounts.edit')} <span className="visually-hidden">{account.displayName}</span>
                        </button>
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          onClick={(event) => open({ kind: 'password', account }, event.currentTarget)}
                        >
                          {t('manage.accounts.resetPassword')}{' '}
                          <span className="visually-hidden">{account.displayName}</span>
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
