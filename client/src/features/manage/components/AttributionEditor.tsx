import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccounts } from '../api/get-accounts';
import { useSetCallAgents } from '../api/set-call-agents';
import type { CallAttribution } from '../api/types';
import { describeFailure } from './failure';
import { CheckboxGroup } from './form';

interface AttributionEditorProps {
  callSid: string;
  /** The call's agents now. */
  agents: { id: string; displayName: string }[];
  onSaved: (attribution: CallAttribution) => void;
  onCancel: () => void;
}

/** An admin's correction of which accounts took part in a call (PUT …/agents, audited). */
export function AttributionEditor({ callSid, agents, onSaved, onCancel }: AttributionEditorProps) {
  const { t } = useTranslation();
  const accounts = useAccounts();
  const save = useSetCallAgents(callSid);
  const [selected, setSelected] = useState(agents.map((agent) => agent.id));
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened by a button: focus goes to the form, whose accounts may still be loading.
  useEffect(() => heading.current?.focus(), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(selected, { onSuccess: onSaved });
  };

  // Every enabled account, and any the call has now (a disabled one can still be taken off).
  const choices = (accounts.data?.items ?? [])
    .filter((account) => !account.disabled || selected.includes(account.id))
    .map((account) => ({ value: account.id, label: account.displayName }));
  return (
    <form className="card manage-panel attribution-editor" aria-labelledby="attribution-title" onSubmit={submit}>
      <h2 id="attribution-title" ref={heading} className="card__title" tabIndex={-1}>
        {t('manage.attribution.title')}
      </h2>
      {accounts.isPending && <p role="status">{t('manage.loading')}</p>}
      {accounts.isError && (
        <p role="alert" className="alert alert--error">
          {t('manage.loadError')}
        </p>
      )}
      {accounts.data && (
        <CheckboxGroup
          legend={t('calls.agents')}
          hint={t('manage.attribution.hint')}
          empty={t('manage.teams.noAccounts')}
          choices={choices}
          selected={selected}
          onChange={setSelected}
        />
      )}
      {save.isError && (
        <p role="alert" className="alert alert--error">
          {describeFailure(t, save.error, []).message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.isPending || !accounts.data}>
          {save.isPending ? t('manage.saving') : t('manage.attribution.save')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('manage.cancel')}
        </button>
      </div>
    </form>
  );
}
