import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { useTranslation } from 'react-i18next';

// The admin screens are loaded when first opened (see ManageRoutes.tsx).
const manage = () => import('./ManageRoutes');
export const AccountsRoute = lazy(() => manage().then((m) => ({ default: m.AccountsRoute })));
export const TeamsRoute = lazy(() => manage().then((m) => ({ default: m.TeamsRoute })));
export const SettingsRoute = lazy(() => manage().then((m) => ({ default: m.SettingsRoute })));
export const AuditRoute = lazy(() => manage().then((m) => ({ default: m.AuditRoute })));

function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="page-message">
      {t('calls.loading')}
    </p>
  );
}

/** A lazily loaded screen, "Loading…" until its chunk is there. */
export function Lazy({ screen: Screen }: { screen: LazyExoticComponent<ComponentType> }) {
  return (
    <Suspense fallback={<Loading />}>
      <Screen />
    </Suspense>
  );
}
