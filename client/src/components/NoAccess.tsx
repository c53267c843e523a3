import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/** What a page says to a role that may not use it (or whose role changed while it was open). */
export function NoAccess() {
  const { t } = useTranslation();
  return (
    <section className="no-access" aria-labelledby="no-access-title">
      <h1 id="no-access-title" className="page-title">
        {t('access.title')}
      </h1>
      <p>{t('access.denied')}</p>
      <p>
        <Link to="/calls">{t('access.back')}</Link>
      </p>
    </section>
  );
}
