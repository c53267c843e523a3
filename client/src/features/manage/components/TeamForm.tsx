import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSettings } from '../api/settings';
import { useSaveTeam } from '../api/save-team';
import type { Account, Team } from '../api/types';
import { NameList } from './NameList';
import { describeFailure, type Failure } from './failure';
import { useFocusFirstInvalid } from './focus';
import { CheckboxGroup, Field } from './form';

const FIELDS = ['name', 'phoneNumbers', 'supervisorIds'] as const;

interface TeamFormProps {
  /** The team to edit; none to create one. */
  team?: Team;
  accounts: Account[];
  onSaved: (team: Team, created: boolean) => void;
  onCancel: () => void;
}

/** Creates or edits a team: its name, the business's numbers it answers, and its supervisors. */
export function TeamForm({ team, accounts, onSaved, onCancel }: TeamFormProps) {
  const { t } = useTranslation();
  const save = useSaveTeam();
  // The numbers a team may own are the business's own (settings are an admin's read, as this form is).
  const settings = useSettings();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(team?.name ?? '');
  const [phoneNumbers, setPhoneNumbers] = useState<string[]>(team?.phoneNumbers ?? []);
  const [supervisorIds, setSupervisorIds] = useState<string[]>(team?.supervisorIds ?? []);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [attempt, setAttempt] = useState(0);
  useFocusFirstInvalid(formRef, attempt);
  const titleId = team ? `team-form-${team.id}` : 'team-form-new';

  const fail = (next: Failure) => {
    setFailure(next);
    setAttempt((n) => n + 1);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim())
      return fail({ message: t('manage.errors.validation'), fields: { name: [t('manage.teams.invalidName')] } });
    setFailure(null);
    save.mutate(
      { id: team?.id, input: { name: name.trim(), phoneNumbers, supervisorIds } },
      {
        onSuccess: (saved) => onSaved(saved, !team),
        onError: (error) => fail(describeFailure(t, error, FIELDS)),
      },
    );
  };

  // The business's numbers, and any the team has that are no longer listed (so that they can be unticked).
  const numbers = [...new Set([...(settings.data?.phoneNumbers ?? []), ...(team?.phoneNumbers ?? [])])];
  // Anyone may be made a supervisor; disabled accounts only stay listed while they are one.
  const candidates = accounts.filter((account) => !account.disabled || supervisorIds.includes(account.id));
  const members = accounts.filter((account) => team?.memberIds.includes(account.id));
  const errors = failure?.fields ?? {};
  return (
    <form ref={formRef} className="card manage-panel" aria-labelledby={titleId} noValidate onSubmit={submit}>
      <h2 id={titleId} className="card__title">
        {team ? t('manage.teams.editTitle', { name: team.name }) : t('manage.teams.createTitle')}
      </h2>
      <div className="form-grid">
        <Field label={t('manage.teams.name')} errors={errors.name}>
          {(control) => (
            <input
              {...control}
              className="input"
              dir="auto"
              autoComplete="off"
              required
              autoFocus
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
      </div>
      {settings.isPending ? (
        <p role="status" className="field__hint">
          {t('manage.loading')}
        </p>
      ) : (
        <CheckboxGroup
          legend={t('manage.teams.phoneNumbers')}
          hint={t('manage.teams.phoneNumbersHint')}
          empty={t('manage.teams.noNumbers')}
          choices={numbers.map((number) => ({ value: number, label: number, ltr: true }))}
          selected={phoneNumbers}
          onChange={setPhoneNumbers}
          errors={errors.phoneNumbers}
        />
      )}
      <CheckboxGroup
        legend={t('manage.teams.supervisors')}
        hint={t('manage.teams.supervisorsHint')}
        empty={t('manage.teams.noAccounts')}
        choices={candidates.map((account) => ({
          value: account.id,
          label: `${account.displayName} (${t(`roles.${account.role}`)})`,
        }))}
        selected={supervisorIds}
        onChange={setSupervisorIds}
        errors={errors.supervisorIds}
      />
      {team && (
        <div className="field">
          <h3 className="field__label">{t('manage.teams.members')}</h3>
          <p className="field__hint">{t('manage.teams.membersHint')}</p>
          <NameList names={members.map((member) => member.displayName)} />
        </div>
      )}
      {failure && (
        <p role="alert" className="alert alert--error">
          {failure.message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? t('manage.saving') : team ? t('manage.teams.save') : t('manage.teams.create')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('manage.cancel')}
        </button>
      </div>
    </form>
  );
}
