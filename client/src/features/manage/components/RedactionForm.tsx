import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api-client';
import { REDACTION_ENTITIES, type RedactionEntity } from '../../../lib/redaction';
import { useSaveSettings } from '../api/settings';
import { REDACTION_AUDIO, REDACTION_ORIGINAL, type RedactionSettings, type Settings } from '../api/types';
import { describeFailure, type Failure } from './failure';
import { useFocusFirstInvalid } from './focus';
import { CheckboxGroup, FieldErrors, Notice } from './form';

/** What a business that never chose gets: off, everything ticked, silence, the original deleted. */
const DEFAULT_REDACTION: RedactionSettings = {
  enabled: false,
  entities: [...REDACTION_ENTITIES],
  audio: 'silence',
  original: 'delete',
};

const FIELDS = ['enabled', 'entities', 'audio', 'original'] as const;

/**
 * The business's redaction: whether spoken card numbers (and the other kinds ticked) are removed, what replaces them
 * in the audio, and whether the unredacted original is kept. Saved with who agents see (the same PUT), which is sent
 * as it is saved.
 */
export function RedactionForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const save = useSaveSettings();
  const formRef = useRef<HTMLFormElement>(null);
  const [redaction, setRedaction] = useState<RedactionSettings>(settings.redaction ?? DEFAULT_REDACTION);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useFocusFirstInvalid(formRef, attempt);
  const ids = useId();
  const change = (changes: Partial<RedactionSettings>) => setRedaction((current) => ({ ...current, ...changes }));

  const fail = (next: Failure) => {
    setFailure(next);
    setAttempt((n) => n + 1);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    if (redaction.enabled && redaction.entities.length === 0) {
      const message = t('manage.settings.redaction.entitiesRequired');
      return fail({ message: t('manage.errors.validation'), fields: { entities: [message] } });
    }
    setFailure(null);
    // In the order the settings list them, whatever order they were ticked in.
    const entities = REDACTION_ENTITIES.filter((entity) => redaction.entities.includes(entity));
    save.mutate(
      { agentsSee: settings.agentsSee, redaction: { ...redaction, entities } },
      {
        onSuccess: () => setNotice(t('manage.settings.redaction.saved')),
        onError: (error) => fail(redactionFailure(t, error)),
      },
    );
  };

  const errors = failure?.fields ?? {};
  return (
    <form ref={formRef} noValidate onSubmit={submit} className="stack">
      <div className="field">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={redaction.enabled}
            aria-invalid={errors.enabled ? true : undefined}
            aria-describedby={errors.enabled ? `${ids}-enabled-error` : undefined}
            onChange={(event) => change({ enabled: event.currentTarget.checked })}
          />
          <span>{t('manage.settings.redaction.enabled')}</span>
        </label>
        {errors.enabled && <FieldErrors id={`${ids}-enabled-error`} errors={errors.enabled} />}
      </div>
      <CheckboxGroup
        legend={t('manage.settings.redaction.entitiesLegend')}
        empty=""
        choices={REDACTION_ENTITIES.map((entity) => ({
          value: entity,
          label: t(`manage.settings.redaction.entities.${entity}`),
        }))}
        selected={redaction.entities}
        onChange={(selected) => change({ entities: selected as RedactionEntity[] })}
        errors={errors.entities}
      />
      <RadioGroup
        name="redactionAudio"
        legend={t('manage.settings.redaction.audioLegend')}
        choices={REDACTION_AUDIO.map((value) => ({ value, label: t(`manage.settings.redaction.audio.${value}`) }))}
        value={redaction.audio}
        onChange={(audio) => change({ audio: audio as RedactionSettings['audio'] })}
        errors={errors.audio}
      />
      <RadioGroup
        name="redactionOriginal"
        legend={t('manage.settings.redaction.originalLegend')}
        choices={REDACTION_ORIGINAL.map((value) => ({
          value,
          label: t(`manage.settings.redaction.original.${value}`),
          explain: value === 'keep' ? t('manage.settings.redaction.keepWarning') : undefined,
        }))}
        value={redaction.original}
        onChange={(original) => change({ original: original as RedactionSettings['original'] })}
        errors={errors.original}
      />
      {failure && (
        <p role="alert" className="alert alert--error">
          {failure.message}
        </p>
      )}
      <Notice message={notice} />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? t('manage.saving') : t('manage.settings.redaction.save')}
        </button>
      </div>
    </form>
  );
}

interface RadioGroupProps {
  name: string;
  legend: string;
  choices: { value: string; label: string; explain?: string }[];
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
}

/** One choice out of a few under a legend, each with what it means when that needs saying, and the server's errors. */
function RadioGroup({ name, legend, choices, value, onChange, errors }: RadioGroupProps) {
  const id = useId();
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  return (
    <fieldset className="radio-group" aria-describedby={errorId} aria-invalid={errorId ? true : undefined}>
      <legend className="field__label">{legend}</legend>
      {choices.map((choice) => (
        <div key={choice.value} className="radio-choice">
          <input
            id={`${id}-${choice.value}`}
            type="radio"
            name={name}
            value={choice.value}
            checked={value === choice.value}
            aria-describedby={choice.explain ? `${id}-${choice.value}-explain` : undefined}
            onChange={() => onChange(choice.value)}
          />
          <label htmlFor={`${id}-${choice.value}`} className="radio-choice__label">
            {choice.label}
          </label>
          {choice.explain && (
            <span
              id={`${id}-${choice.value}-explain`}
              className="field__hint radio-choice__explain radio-choice__explain--warning"
            >
              {choice.explain}
            </span>
          )}
        </div>
      ))}
      {errorId && <FieldErrors id={errorId} errors={errors ?? []} />}
    </fieldset>
  );
}

/**
 * A failed save said in the user's language, a 400's errors placed beside the redaction's own controls: the server
 * names them `redaction.entities`, `Redaction.Audio`, `$.redaction.original`, `redaction.entities[2]`...
 */
function redactionFailure(t: Parameters<typeof describeFailure>[0], error: unknown): Failure {
  const general = describeFailure(t, error, []);
  const errors = error instanceof ApiError && error.status === 400 ? error.problem?.errors : undefined;
  if (!errors) return general;
  const fields: Record<string, string[]> = {};
  const elsewhere: string[] = [];
  for (const [key, value] of Object.entries(errors)) {
    const messages = (Array.isArray(value) ? value : [value]).filter((m): m is string => typeof m === 'string');
    const [root, member] = key
      .replace(/^\$\.?/, '')
      .split(/[.[]/)
      .map((part) => part.charAt(0).toLowerCase() + part.slice(1));
    const field = FIELDS.find((name) => root === 'redaction' && member === name);
    if (field) fields[field] = [...(fields[field] ?? []), ...messages];
    else elsewhere.push(...messages);
  }
  if (Object.keys(fields).length === 0) return general;
  return { message: [t('manage.errors.validation'), ...elsewhere].join(' '), fields };
}
