import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ChevronEndIcon, ChevronStartIcon, SearchIcon } from '../../../components/icons';
import { formatDateTime, formatDuration } from '../../../lib/format';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useCalls } from '../api/get-calls';
import { RecordingReason } from './RecordingReason';
import { StateBadge } from './StateBadge';

const PAGE_SIZE = 25;
/** The list asks the server once the agent pauses typing, not on every keystroke. */
const SEARCH_DEBOUNCE_MS = 300;

export function CallsList() {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  // Trimmed first, so a typed space alone does not ask again.
  const query = useDebouncedValue(q.trim(), SEARCH_DEBOUNCE_MS);
  // The page belongs to the query it was chosen for: a new (debounced) query starts again at page 1, in the same
  // render, so no request is ever sent for the new query with the old page.
  const [paging, setPaging] = useState({ query, page: 1 });
  const page = paging.query === query ? paging.page : 1;
  const setPage = (next: number) => setPaging({ query, page: next });
  const calls = useCalls({ page, pageSize: PAGE_SIZE, q: query });
  const pages = calls.data ? Math.max(1, Math.ceil(calls.data.total / PAGE_SIZE)) : 1;

  return (
    <section className="calls-page" aria-labelledby="calls-title">
      <div className="page-header">
        <h1 id="calls-title" className="page-title">
          {t('calls.title')}
        </h1>
        <label className="search-field">
          <span className="search-field__label">{t('calls.search')}</span>
          <span className="search-field__control">
            <SearchIcon className="search-field__icon" />
            {/* Phone numbers read left to right: "auto" keeps a typed "+972…" in order inside Hebrew. */}
            <input
              className="input search-field__input"
              type="search"
              dir="auto"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
          </span>
        </label>
      </div>
      {calls.isPending && (
        <p role="status" className="page-message">
          {t('calls.loading')}
        </p>
      )}
      {calls.isError && (
        <p role="alert" className="alert alert--error">
          {t('calls.error')}
        </p>
      )}
      {calls.data && calls.data.items.length === 0 && <p className="empty-state">{t('calls.empty')}</p>}
      {calls.data && calls.data.items.length > 0 && (
        <div className="table-card">
          <table className="calls-table">
            <thead>
              <tr>
                <th scope="col">{t('calls.startedAt')}</th>
                <th scope="col">{t('calls.from')}</th>
                <th scope="col">{t('calls.to')}</th>
                <th scope="col">{t('calls.duration')}</th>
                <th scope="col">{t('calls.recording')}</th>
                <th scope="col">{t('calls.transcript')}</th>
                <th scope="col">{t('calls.summary')}</th>
              </tr>
            </thead>
            <tbody>
              {calls.data.items.map((call) => (
                <tr key={call.callSid}>
                  <td className="calls-table__started">
                    <Link className="calls-table__link" to={`/calls/${call.callSid}`}>
                      {call.startedAt ? formatDateTime(call.startedAt, i18n.language) : call.callSid}
                    </Link>
                  </td>
                  <td className="calls-table__from" data-label={t('calls.from')}>
                    <span className="phone" dir="ltr">
                      {call.from}
                    </span>
                  </td>
                  <td className="calls-table__to" data-label={t('calls.to')}>
                    <span className="phone" dir="ltr">
                      {call.to}
                    </span>
                  </td>
                  <td className="calls-table__duration" data-label={t('calls.duration')}>
                    <span className="num">
                      {call.durationSeconds != null ? formatDuration(call.durationSeconds, i18n.language) : '–'}
                    </span>
                  </td>
                  <td className="calls-table__state calls-table__recording" data-label={t('calls.recording')}>
                    <StateBadge kind="recording" state={call.recording.state} />
                    <RecordingReason recording={call.recording} />
                  </td>
                  <td className="calls-table__state calls-table__transcript" data-label={t('calls.transcript')}>
                    <StateBadge kind="transcript" state={call.transcript.state} />
                  </td>
                  <td className="calls-table__state calls-table__summary" data-label={t('calls.summary')}>
                    <StateBadge kind="summary" state={call.summary.state} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pagination" aria-label={t('calls.page', { page, pages })}>
        <button
          type="button"
          className="button button--secondary"
          disabled={page <= 1}
          onClick={() => setPage(page - 1)}
        >
          <ChevronStartIcon className="icon--flip-rtl" />
          {t('calls.previous')}
        </button>
        <span className="pagination__status">{t('calls.page', { page, pages })}</span>
        <button
          type="button"
          className="button button--secondary"
          disabled={page >= pages}
          onClick={() => setPage(page + 1)}
        >
          {t('calls.next')}
          <ChevronEndIcon className="icon--flip-rtl" />
        </button>
      </nav>
    </section>
  );
}
