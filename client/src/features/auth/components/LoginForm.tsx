import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api-client';
import { useLogin } from '../api/login';

export function LoginForm({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useTranslation();
  const loginMutation = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    loginMutation.mutate({ email, password }, { onSuccess: onSignedIn });
  };

  const error = loginMutation.error;
  return (
    <form onSubmit={submit} aria-labelledby="login-title">
      <h1 id="login-title">{t('auth.title')}</h1>
      <label>
        {t('auth.email')}
        <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        {t('auth.password')}
        <input
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {error && (
        <p role="alert">{error instanceof ApiError && error.status === 401 ? t('auth.invalid') : t('auth.error')}</p>
      )}
      <button type="submit" disabled={loginMutation.isPending}>
        {t('auth.submit')}
      </button>
    </form>
  );
}
