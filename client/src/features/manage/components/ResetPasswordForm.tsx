import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useResetPassword } from '../api/reset-password';
import type { Account } from '../api/types';
import { MIN_PASSWORD_LENGTH } from './AccountForm';
import { describeFailure, type Failure } from './failure';
import { useFocusFirstInvalid } from './focus';
import { Field } from './form';

/** Sets a new password for an account (its sessions end). */
export function ResetPasswordForm({
  account,
  onDone,
  onCancel,
}: {
  account: Account;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const reset = useResetPassword();
  const formRef = useRef<HTMLFormElement>(null);
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [attempt, setAttempt] = useState(0);
  useFocusFirstInvalid(formRef, attempt);
  const titleId = `reset-password-${account.id}`;

  const fail = (next: Failure) => {
    setFailure(next);
    setAttempt((n) => n + 1);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password.length < MIN_PASSWORD_LENGTH)
      return fail({
        message: t('manage.errors.validation'),
        fields: { password: [t('manage.accounts.invalid.password')] },
      });
    setFailure(null);
    reset.mutate(
      { id: account.id, password },
      { onSuccess: onDone, onError: (error) => fail(describeFailure(t, error, ['password'])) },
    );
  };

  return (
    <form ref={formRef} className="card manage-panel" aria-labelledby={titleId} noValidate onSubmit={submit}>
      <h2 id={titleId} className="card__title">
        {t('manage.accounts.resetTitle', { name: account.displayName })}
      </h2>
      {/* For password managers: whose password this is. */}
      <input type="text" hidden readOnly autoComplete="username" value={account.email} />
      <Field
        label={t('manage.accounts.newPassword')}
        hint={t('manage.accounts.resetHint')}
        errors={failure?.fields.password}
      >
        {(control) => (
          <input
            {...control}
            className="input"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      {failure && (
        <p role="alert" className="alert alert--error">
          {failure.message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={reset.isPending}>
          {reset.isPending ? t('manage.saving') : t('manage.accounts.setPassword')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('manage.cancel')}
        </button>
      </div>
    </form>
  );
}
