import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { LogoMark } from '../components/icons';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { setUnauthorizedHandler } from '../lib/api-client';
import { useLogout, useMe } from '../features/auth';

/** Any 401 from any request ends the session on the client: forget cached data and go to /login. */
export function UnauthorizedRedirect() {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      setUnauthorizedHandler(() => {
        queryClient.setQueryData(['auth', 'me'], null);
        const next = `${location.pathname}${location.search}`;
        navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
      }),
    [navigate, location, queryClient],
  );
  return <Outlet />;
}

export function RequireAuth() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  if (me.isPending)
    return (
      <p role="status" className="page-message">
        {t('calls.loading')}
      </p>
    );
  if (!me.data)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Outlet />;
}

/** Up to two initials for the avatar beside the agent's name (decorative: the name is shown too). */
function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word.charAt(0).toUpperCase())
    .join('');
}

export function Layout() {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <>
      <header className="app-header">
        <div className="app-header__inner">
          <Link to="/calls" className="app-header__brand">
            <LogoMark className="app-header__logo" />
            <span className="app-header__title">{t('app.title')}</span>
          </Link>
          <div className="app-header__actions">
            <LanguageSwitcher />
            {me.data && (
              <>
                <span className="app-header__user">
                  <span className="avatar" aria-hidden="true">
                    {initials(me.data.displayName)}
                  </span>
                  <span className="app-header__user-name">
                    {me.data.displayName} · {me.data.businessName}
                  </span>
                </span>
                <button
                  type="button"
                  className="button button--ghost"
                  onClick={() => logout.mutate(undefined, { onSuccess: () => navigate('/login') })}
                >
                  {t('app.signOut')}
                </button>
              </>
            )}
          </div>
        </div>
      </header>
      <main className="app-main">
        <Outlet />
      </main>
    </>
  );
}
