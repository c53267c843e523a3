import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
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
  if (me.isPending) return <p role="status">{t('calls.loading')}</p>;
  if (!me.data)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Outlet />;
}

export function Layout() {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <>
      <header className="app-header">
        <Link to="/calls">{t('app.title')}</Link>
        <LanguageSwitcher />
        {me.data && (
          <>
            <span>
              {me.data.displayName} · {me.data.businessName}
            </span>
            <button type="button" onClick={() => logout.mutate(undefined, { onSuccess: () => navigate('/login') })}>
              {t('app.signOut')}
            </button>
          </>
        )}
      </header>
      <main>
        <Outlet />
      </main>
    </>
  );
}
