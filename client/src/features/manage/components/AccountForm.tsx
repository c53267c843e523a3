import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../lib/roles';
import { useCreateAccount } from '../api/create-account';
import { useUpdateAccount, type AccountChanges } from '../api/update-account';
import type { Account, Team } from '../api/types';
import { describeFailure, type Failure } from './failure';
import { useFocusFirstInvalid } from './focus';
import { CheckboxGroup, Field } from './form';
import { isIdentity, parseIdentities } from './identities';

const FIELDS = ['email', 'displayName', 'role', 'teamIds', 'identities', 'password'] as const;
export const MIN_PASSWORD_LENGTH = 10;

interface AccountFormProps {
  /** The account to edit; none to create one. */
  account?: Account;
  teams: Team[];
  onSaved: (account: Account, created: boolean) => void;
  onCancel: () => void;
}

/** Creates an account, or edits one: display name, role, teams, identities and whether it is disabled. */
export function AccountForm({ account, teams, onSaved, onCancel }: AccountFormProps) {
  const { t } = useTranslation();
  const create = useCreateAccount();
  const update = useUpdateAccount();
  const formRef = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState(account?.email ?? '');
  const [displayName, setDisplayName] = useState(account?.displayName ?? '');
  const [role, setRole] = useState<Role>(account?.role ?? 'agent');
  const [teamIds, setTeamIds] = useState<string[]>(account?.teamIds ?? []);
  const [identities, setIdentities] = useState((account?.identities ?? []).join('\n'));
  const [password, setPassword] = useState('');
  const [disabled, setDisabled] = useState(account?.disabled ?? false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [attempt, setAttempt] = useState(0);
  useFocusFirstInvalid(formRef, attempt);
  const pending = create.isPending || update.isPending;
  const titleId = account ? `account-form-${account.id}` : 'account-form-new';

  const fail = (next: Failure) => {
    setFailure(next);
    setAttempt((n) => n + 1);
  };

  const checkLocally = (list: string[]): Record<string, string[]> => {
    const fields: Record<string, string[]> = {};
    if (!account) {
      if (!email.trim()) fields.email = [t('manage.accounts.invalid.required')];
      else if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) fields.email = [t('manage.accounts.invalid.email')];
      if (password.length < MIN_PASSWORD_LENGTH) fields.password = [t('manage.accounts.invalid.password')];
    }
    if (!displayName.trim()) fields.displayName = [t('manage.accounts.invalid.required')];
    const wrong = list.filter((value) => !isIdentity(value));
    if (wrong.length > 0) fields.identities = [t('manage.accounts.invalid.identity', { values: wrong.join(', ') })];
    return fields;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const list = parseIdentities(identities);
    const local = checkLocally(list);
    if (Object.keys(local).length > 0) return fail({ message: t('manage.errors.validation'), fields: local });
    setFailure(null);
    const onError = (error: unknown) =>
      fail(
        describeFailure(t, error, FIELDS, {
          identity_taken: 'identities',
          invalid_identity: 'identities',
          email_taken: 'email',
        }),
      );
    if (!account) {
      create.mutate(
        { email: email.trim(), displayName: displayName.trim(), role, teamIds, identities: list, password },
        { onSuccess: (saved) => onSaved(saved, true), onError },
      );
      return;
    }
    const changes: AccountChanges = {};
    if (displayName.trim() !== account.displayName) changes.displayName = displayName.trim();
    if (role !== account.role) changes.role = role;
    if (!sameSet(teamIds, account.teamIds)) changes.teamIds = teamIds;
    if (!sameList(list, account.identities)) changes.identities = list;
    if (disabled !== account.disabled) changes.disabled = disabled;
    if (Object.keys(changes).length === 0) return onSaved(account, false);
    update.mutate({ id: account.id, changes }, { onSuccess: (saved) => onSaved(saved, false), onError });
  };

  const errors = failure?.fields ?? {};
  return (
    <form ref={formRef} className="card manage-panel" aria-labelledby={titleId} noValidate onSubmit={submit}>
      <h2 id={titleId} className="card__title">
        {account ? t('manage.accounts.editTitle', { name: account.displayName }) : t('manage.accounts.createTitle')}
      </h2>
      <div className="form-grid">
        {account ? (
          <p className="field">
            <span className="field__label">{t('manage.accounts.email')}</span>
            <span dir="ltr" className="form-value">
              {account.email}
            </span>
          </p>
        ) : (
          <Field label={t('manage.accounts.email')} errors={errors.email}>
            {(control) => (
              <input
                {...control}
                className="input"
                type="email"
                dir="ltr"
                autoComplete="off"
                required
                autoFocus
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
        )}
        <Field label={t('manage.accounts.displayName')} errors={errors.displayName}>
          {(control) => (
            <input
              {...control}
              className="input"
              dir="auto"
              autoComplete="off"
              required
              autoFocus={!!account}
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('manage.accounts.role')} errors={errors.role}>
          {(control) => (
            <select {...control} className="select" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((value) => (
                <option key={value} value={value}>
                  {t(`roles.${value}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {!account && (
          <Field
            label={t('manage.accounts.password')}
            hint={t('manage.accounts.passwordHint')}
            errors={errors.password}
          >
            {(control) => (
              <input
                {...control}
                className="input"
                type="password"
                autoComplete="new-password"
                required
                minLength={MIN_PASSWORD_LENGTH}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
        )}
      </div>
      <CheckboxGroup
        legend={t('manage.accounts.teams')}
        hint={t('manage.accounts.teamsHint')}
        empty={t('manage.accounts.noTeams')}
        choices={teams.map((team) => ({ value: team.id, label: team.name }))}
        selected={teamIds}
        onChange={setTeamIds}
        errors={errors.teamIds}
      />
      <Field
        label={t('manage.accounts.identities')}
        hint={t('manage.accounts.identitiesHint')}
        errors={errors.identities}
      >
        {(control) => (
          <textarea
            {...control}
            className="input textarea"
            dir="ltr"
            rows={3}
            spellCheck={false}
            value={identities}
            onChange={(e) => setIdentities(e.target.value)}
          />
        )}
      </Field>
      {account && (
        <label className="checkbox">
          <input type="checkbox" checked={disabled} onChange={(e) => setDisabled(e.currentTarget.checked)} />
          <span>{t('manage.accounts.disabledLabel')}</span>
        </label>
      )}
      {failure && (
        <p role="alert" className="alert alert--error">
          {failure.message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? t('manage.saving') : account ? t('manage.accounts.save') : t('manage.accounts.create')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('manage.cancel')}
        </button>
      </div>
    </form>
  );
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value));
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
