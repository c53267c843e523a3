import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api-client';
import { browserLocation } from '../../../lib/browser-location';
import { useLogin } from '../api/login';

const SSO_ERRORS = [
  'sso_failed',
  'sso_unavailable',
  'sso_not_configured',
  'sso_unknown_account',
  'sso_no_email',
  'sso_cancelled',
  'account_disabled',
] as const;

type SsoErrorCode = (typeof SSO_ERRORS)[number];

function isSsoError(code: string): code is SsoErrorCode {
  return (SSO_ERRORS as readonly string[]).includes(code);
}

/** Only the app's own SSO start: never a URL from elsewhere. */
function ssoUrlOf(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 401 || error.problem?.code !== 'sso_required') return null;
  const url = error.problem.ssoUrl;
  return url && url.startsWith('/api/auth/sso?') ? url : null;
}

export function LoginForm({ onSignedIn, ssoError }: { onSignedIn: () => void; ssoError?: string | null }) {
  const { t } = useTranslation();
  const loginMutation = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [organisationEmail, setOrganisationEmail] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    loginMutation.mutate({ email, password }, { onSuccess: onSignedIn });
  };

  const signInWithOrganisation = (event: FormEvent) => {
    event.preventDefault();
    browserLocation.assign(`/api/auth/sso?email=${encodeURIComponent(organisationEmail.trim())}`);
  };

  const error = loginMutation.error;
  const ssoUrl = ssoUrlOf(error);
  return (
    <div className="auth-page">
      <div className="auth-stack">
        {ssoError && (
          <p role="alert" className="alert alert--error">
            {t(`auth.ssoErrors.${isSsoError(ssoError) ? ssoError : 'other'}`)}
          </p>
        )}
        <form className="card auth-card" onSubmit={submit} aria-labelledby="login-title">
          <h1 id="login-title" className="auth-card__title">
            {t('auth.title')}
          </h1>
          <label className="field">
            <span className="field__label">{t('auth.email')}</span>
            <input
              className="input"
              type="email"
              dir="auto"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">{t('auth.password')}</span>
            <input
              className="input"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {error && (
            <p role="alert" className="alert alert--error">
              {ssoUrl ? (
                <>
                  {t('auth.ssoRequired')} <a href={ssoUrl}>{t('auth.ssoRequiredLink')}</a>
                </>
              ) : error instanceof ApiError && error.status === 401 ? (
                t('auth.invalid')
              ) : (
                t('auth.error')
              )}
            </p>
          )}
          <button type="submit" className="button button--primary button--block" disabled={loginMutation.isPending}>
            {t('auth.submit')}
          </button>
        </form>
        <form className="card auth-card" onSubmit={signInWithOrganisation} aria-labelledby="organisation-title">
          <h2 id="organisation-title" className="auth-card__title">
            {t('auth.organisation')}
          </h2>
          <label className="field">
            <span className="field__label">{t('auth.workEmail')}</span>
            <input
              className="input"
              type="email"
              dir="auto"
              autoComplete="email"
              required
              value={organisationEmail}
              onChange={(e) => setOrganisationEmail(e.target.value)}
            />
          </label>
          <p className="field__hint">{t('auth.organisationHint')}</p>
          <button type="submit" className="button button--block">
            {t('auth.organisationSubmit')}
          </button>
        </form>
      </div>
    </div>
  );
}
