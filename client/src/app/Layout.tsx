import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { LogoMark } from '../components/icons';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { setUnauthorizedHandler } from '../lib/api-client';
import { useLogout, useMe } from '../features/auth';
import { browserLocation } from '../lib/browser-location';
import { canManage, canReadAccounts, type Role } from '../lib/roles';

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

/** The app's sections a role may use, in the order of the nav. */
function sectionsFor(role: Role | undefined) {
  const sections: { to: string; label: 'nav.calls' | 'nav.accounts' | 'nav.teams' | 'nav.settings' | 'nav.audit' }[] = [
    { to: '/calls', label: 'nav.calls' },
  ];
  if (canReadAccounts(role))
    sections.push({ to: '/manage/agents', label: 'nav.accounts' }, { to: '/manage/teams', label: 'nav.teams' });
  if (canManage(role))
    sections.push({ to: '/manage/settings', label: 'nav.settings' }, { to: '/manage/audit', label: 'nav.audit' });
  return sections;
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
                  onClick={() =>
                    logout.mutate(undefined, {
                      onSuccess: (providerLogoutUrl) =>
                        providerLogoutUrl ? browserLocation.assign(providerLogoutUrl) : navigate('/login'),
                    })
                  }
                >
                  {t('app.signOut')}
                </button>
              </>
            )}
          </div>
        </div>
        {me.data && (
          <nav className="app-nav" aria-label={t('nav.label')}>
            <ul className="app-nav__list">
              {sectionsFor(me.data.role).map((section) => (
                <li key={section.to}>
                  <NavLink to={section.to} className="app-nav__link">
                    {t(section.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main className="app-main">
        <Outlet />
      </main>
    </>
  );
}
