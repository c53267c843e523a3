import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NoAccess } from '../../../components/NoAccess';
import { useRetention, useSaveRetention } from '../api/retention';
import { useSaveSettings, useSettings } from '../api/settings';
import { AGENTS_SEE, type AgentsSee, type Retention, type Settings } from '../api/types';
import { describeFailure, isForbidden, type Failure } from './failure';
import { useFocusFirstInvalid } from './focus';
import { Field, Notice } from './form';
import { parseDays } from './retention-days';
import { RedactionForm } from './RedactionForm';

/** The business's retention (how long audio and transcripts are kept), who agents see, and what is redacted. */
export function SettingsPage() {
  const { t } = useTranslation();
  const retention = useRetention();
  const settings = useSettings();
  if (isForbidden(retention.error) || isForbidden(settings.error)) return <NoAccess />;
  return (
    <section className="manage-page" aria-labelledby="settings-title">
      <div className="page-header">
        <h1 id="settings-title" className="page-title">
          {t('manage.settings.title')}
        </h1>
      </div>
      <div className="settings-grid">
        <section className="card manage-panel" aria-labelledby="retention-title">
          <h2 id="retention-title" className="card__title">
            {t('manage.settings.retentionTitle')}
          </h2>
          <p>{t('manage.settings.retentionIntro')}</p>
          <Loading query={retention}>{(data) => <RetentionForm retention={data} />}</Loading>
        </section>
        <section className="card manage-panel" aria-labelledby="visibility-title">
          <h2 id="visibility-title" className="card__title">
            {t('manage.settings.visibilityTitle')}
          </h2>
          <Loading query={settings}>{(data) => <VisibilityForm settings={data} />}</Loading>
        </section>
        <section className="card manage-panel" aria-labelledby="redaction-title">
          <h2 id="redaction-title" className="card__title">
            {t('manage.settings.redaction.title')}
          </h2>
          <p>{t('manage.settings.redaction.intro')}</p>
          <Loading query={settings}>{(data) => <RedactionForm settings={data} />}</Loading>
        </section>
        <section className="card manage-panel" aria-labelledby="numbers-title">
          <h2 id="numbers-title" className="card__title">
            {t('manage.settings.numbersTitle')}
          </h2>
          <Loading query={settings}>
            {(data) =>
              data.phoneNumbers.length === 0 ? (
                <p>{t('manage.settings.numbersEmpty')}</p>
              ) : (
                <ul className="name-list">
                  {data.phoneNumbers.map((number) => (
                    <li key={number} className="phone" dir="ltr">
                      {number}
                    </li>
                  ))}
                </ul>
              )
            }
          </Loading>
        </section>
      </div>
    </section>
  );
}

function Loading<T>({
  query,
  children,
}: {
  query: { isPending: boolean; isError: boolean; data?: T };
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending) return <p role="status">{t('manage.loading')}</p>;
  if (query.isError || query.data === undefined)
    return (
      <p role="alert" className="alert alert--error">
        {t('manage.loadError')}
      </p>
    );
  return <>{children(query.data)}</>;
}

function RetentionForm({ retention }: { retention: Retention }) {
  const { t } = useTranslation();
  const save = useSaveRetention();
  const formRef = useRef<HTMLFormElement>(null);
  const [audioDays, setAudioDays] = useState(retention.audioDays?.toString() ?? '');
  const [transcriptDays, setTranscriptDays] = useState(retention.transcriptDays?.toString() ?? '');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useFocusFirstInvalid(formRef, attempt);

  const fail = (next: Failure) => {
    setFailure(next);
    setAttempt((n) => n + 1);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    const audio = parseDays(audioDays);
    const transcript = parseDays(transcriptDays);
    const fields: Record<string, string[]> = {};
    if (audio === undefined) fields.audioDays = [t('manage.settings.daysInvalid')];
    if (transcript === undefined) fields.transcriptDays = [t('manage.settings.daysInvalid')];
    if (audio === undefined || transcript === undefined)
      return fail({ message: t('manage.errors.validation'), fields });
    setFailure(null);
    save.mutate(
      { audioDays: audio, transcriptDays: transcript },
      {
        onSuccess: () => setNotice(t('manage.settings.retentionSaved')),
        onError: (error) => fail(describeFailure(t, error, ['audioDays', 'transcriptDays'])),
      },
    );
  };

  const errors = failure?.fields ?? {};
  return (
    <form ref={formRef} noValidate onSubmit={submit} className="stack">
      <div className="form-grid">
        <Field label={t('manage.settings.audioDays')} hint={t('manage.settings.daysHint')} errors={errors.audioDays}>
          {(control) => (
            <input
              {...control}
              className="input"
              // Text, not number: a browser empties a number field holding "12a", which would read as "for ever".
              inputMode="numeric"
              dir="ltr"
              autoComplete="off"
              value={audioDays}
              onChange={(e) => setAudioDays(e.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('manage.settings.transcriptDays')}
          hint={t('manage.settings.daysHint')}
          errors={errors.transcriptDays}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              // Text, not number: a browser empties a number field holding "12a", which would read as "for ever".
              inputMode="numeric"
              dir="ltr"
              autoComplete="off"
              value={transcriptDays}
              onChange={(e) => setTranscriptDays(e.target.value)}
            />
          )}
        </Field>
      </div>
      {failure && (
        <p role="alert" className="alert alert--error">
          {failure.message}
        </p>
      )}
      <Notice message={notice} />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? t('manage.saving') : t('manage.settings.saveRetention')}
        </button>
      </div>
    </form>
  );
}

function VisibilityForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const save = useSaveSettings();
  const [agentsSee, setAgentsSee] = useState<AgentsSee>(settings.agentsSee);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    setFailure(null);
    save.mutate(
      { agentsSee },
      {
        onSuccess: () => setNotice(t('manage.settings.visibilitySaved')),
        onError: (error) => setFailure(describeFailure(t, error, []).message),
      },
    );
  };

  return (
    <form onSubmit={submit} className="stack">
      <fieldset className="radio-group" aria-describedby="visibility-note">
        <legend className="field__label">{t('manage.settings.visibilityLegend')}</legend>
        {AGENTS_SEE.map((value) => (
          <div key={value} className="radio-choice">
            <input
              id={`agents-see-${value}`}
              type="radio"
              name="agentsSee"
              value={value}
              checked={agentsSee === value}
              aria-describedby={`agents-see-${value}-explain`}
              onChange={() => setAgentsSee(value)}
            />
            <label htmlFor={`agents-see-${value}`} className="radio-choice__label">
              {t(`manage.settings.agentsSee.${value}`)}
            </label>
            <span id={`agents-see-${value}-explain`} className="field__hint radio-choice__explain">
              {t(`manage.settings.agentsSee.${value}Explain`)}
            </span>
          </div>
        ))}
      </fieldset>
      <p id="visibility-note" className="field__hint">
        {t('manage.settings.visibilityNote')}
      </p>
      {failure && (
        <p role="alert" className="alert alert--error">
          {failure}
        </p>
      )}
      <Notice message={notice} />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? t('manage.saving') : t('manage.settings.saveVisibility')}
        </button>
      </div>
    </form>
  );
}
