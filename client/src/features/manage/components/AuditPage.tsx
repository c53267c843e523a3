import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ChevronEndIcon, ChevronStartIcon, DownloadIcon } from '../../../components/icons';
import { NoAccess } from '../../../components/NoAccess';
import { formatDateTime } from '../../../lib/format';
import { auditCsvUrl, useAudit, type AuditFilters } from '../api/get-audit';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from '../api/types';
import { isForbidden } from './failure';
import { localToIso } from './local-time';

const PAGE_SIZE = 50;

/** What the filter form holds: `from` and `to` as the browser's local date and time (datetime-local). */
interface Draft {
  callSid: string;
  agentEmail: string;
  action: string;
  from: string;
  to: string;
}

const EMPTY: Draft = { callSid: '', agentEmail: '', action: '', from: '', to: '' };

function toFilters(draft: Draft): AuditFilters {
  return {
    callSid: draft.callSid.trim() || undefined,
    agentEmail: draft.agentEmail.trim() || undefined,
    action: draft.action || undefined,
    from: localToIso(draft.from),
    to: localToIso(draft.to),
  };
}

function isKnownAction(action: string): action is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(action);
}

/** Who listened to what and every administrative change, newest first, by cursor; the same filters export as CSV. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [filters, setFilters] = useState<AuditFilters>({});
  // The cursors that asked for the pages walked so far (the first has none); new filters start again at page 1.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length;
  const audit = useAudit(filters, cursors[page - 1], PAGE_SIZE);
  const nextCursor = audit.data?.nextCursor ?? null;

  if (isForbidden(audit.error)) return <NoAccess />;

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(toFilters(draft));
    setCursors([null]);
  };
  const clear = () => {
    setDraft(EMPTY);
    setFilters({});
    setCursors([null]);
  };
  const set = (key: keyof Draft) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [key]: event.target.value }));

  const count = audit.data ? new Intl.NumberFormat(i18n.language).format(audit.data.total) : '';
  const total = audit.data
    ? t(audit.data.totalIsEstimate ? 'manage.audit.totalAbout' : 'manage.audit.total', { total: count })
    : '';

  return (
    <section className="manage-page" aria-labelledby="audit-title">
      <div className="page-header">
        <div>
          <h1 id="audit-title" className="page-title">
            {t('manage.audit.title')}
          </h1>
          <p className="page-intro">{t('manage.audit.intro')}</p>
        </div>
        <p className="audit-download">
          <a
            className="button button--secondary"
            href={auditCsvUrl(filters)}
            download
            aria-describedby="audit-csv-hint"
          >
            <DownloadIcon />
            {t('manage.audit.download')}
          </a>
          <span id="audit-csv-hint" className="field__hint">
            {t('manage.audit.downloadHint')}
          </span>
        </p>
      </div>
      <form
        className="card manage-panel audit-filters"
        role="search"
        aria-labelledby="audit-filters-title"
        onSubmit={apply}
      >
        <h2 id="audit-filters-title" className="card__title">
          {t('manage.audit.filters')}
        </h2>
        <div className="form-grid form-grid--wide">
          <label className="field">
            <span className="field__label">{t('manage.audit.callSid')}</span>
            <input className="input" dir="ltr" autoComplete="off" value={draft.callSid} onChange={set('callSid')} />
          </label>
          <label className="field">
            <span className="field__label">{t('manage.audit.agentEmail')}</span>
            <input
              className="input"
              type="email"
              dir="ltr"
              autoComplete="off"
              value={draft.agentEmail}
              onChange={set('agentEmail')}
            />
          </label>
          <label className="field">
            <span className="field__label">{t('manage.audit.action')}</span>
            <select className="select" value={draft.action} onChange={set('action')}>
              <option value="">{t('manage.audit.anyAction')}</option>
              {AUDIT_ACTIONS.map((action) => (
                <option key={action} value={action}>
                  {t(`manage.audit.actions.${action}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">{t('manage.audit.from')}</span>
            <input className="input" type="datetime-local" value={draft.from} onChange={set('from')} />
          </label>
          <label className="field">
            <span className="field__label">{t('manage.audit.to')}</span>
            <input className="input" type="datetime-local" value={draft.to} onChange={set('to')} />
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            {t('manage.audit.apply')}
          </button>
          <button type="button" className="button button--secondary" onClick={clear}>
            {t('manage.audit.clear')}
          </button>
        </div>
      </form>
      <p role="status" className="audit-total">
        {audit.isPending ? t('manage.loading') : total}
      </p>
      {audit.isError && (
        <p role="alert" className="alert alert--error">
          {t('manage.loadError')}
        </p>
      )}
      {audit.data && audit.data.items.length === 0 && <p className="empty-state">{t('manage.audit.empty')}</p>}
      {audit.data && audit.data.items.length > 0 && (
        <div className="table-card">
          <table className="data-table" aria-busy={audit.isPlaceholderData || undefined}>
            <caption className="visually-hidden">{t('manage.audit.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('manage.audit.at')}</th>
                <th scope="col">{t('manage.audit.action')}</th>
                <th scope="col">{t('manage.audit.account')}</th>
                <th scope="col">{t('manage.audit.call')}</th>
                <th scope="col">{t('manage.audit.details')}</th>
                <th scope="col">{t('manage.audit.ip')}</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.items.map((entry, index) => (
                <AuditRow key={`${entry.at}-${index}`} entry={entry} locale={i18n.language} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pagination" aria-label={t('manage.audit.page', { page })}>
        <button
          type="button"
          className="button button--secondary"
          disabled={page <= 1}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          <ChevronStartIcon className="icon--flip-rtl" />
          {t('manage.audit.previous')}
        </button>
        <span className="pagination__status">{t('manage.audit.page', { page })}</span>
        <button
          type="button"
          className="button button--secondary"
          disabled={!nextCursor || audit.isPlaceholderData}
          onClick={() => nextCursor && setCursors([...cursors, nextCursor])}
        >
          {t('manage.audit.next')}
          <ChevronEndIcon className="icon--flip-rtl" />
        </button>
      </nav>
    </section>
  );
}

function AuditRow({ entry, locale }: { entry: AuditEntry; locale: string }) {
  const { t } = useTranslation();
  return (
    <tr>
      <td>
        <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time>
      </td>
      <td>{isKnownAction(entry.action) ? t(`manage.audit.actions.${entry.action}`) : entry.action}</td>
      <td>
        <span dir="ltr">{entry.agentEmail}</span>
      </td>
      <td>
        {entry.callSid ? (
          <Link to={`/calls/${entry.callSid}`} className="sid" dir="ltr">
            {entry.callSid}
          </Link>
        ) : (
          <span className="data-table__none">{t('manage.none')}</span>
        )}
      </td>
      <td className="audit-details">
        {entry.target && <span dir="auto">{t('manage.audit.target', { target: entry.target })}</span>}
        {entry.detail && <span dir="auto">{entry.detail}</span>}
        {entry.recordingSid && (
          <span className="sid" dir="ltr">
            {entry.recordingSid}
          </span>
        )}
        {entry.userAgent && (
          <span className="audit-details__agent">{t('manage.audit.userAgent', { userAgent: entry.userAgent })}</span>
        )}
      </td>
      <td>
        {entry.ip ? <span dir="ltr">{entry.ip}</span> : <span className="data-table__none">{t('manage.none')}</span>}
      </td>
    </tr>
  );
}
