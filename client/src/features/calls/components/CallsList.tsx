import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime, formatDuration } from '../../../lib/format';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useCalls } from '../api/get-calls';
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
    <section aria-labelledby="calls-title">
      <h1 id="calls-title">{t('calls.title')}</h1>
      <label>
        {t('calls.search')}
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      {calls.isPending && <p role="status">{t('calls.loading')}</p>}
      {calls.isError && <p role="alert">{t('calls.error')}</p>}
      {calls.data && calls.data.items.length === 0 && <p>{t('calls.empty')}</p>}
      {calls.data && calls.data.items.length > 0 && (
        <table>
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
                <td>
                  <Link to={`/calls/${call.callSid}`}>
                    {call.startedAt ? formatDateTime(call.startedAt, i18n.language) : call.callSid}
                  </Link>
                </td>
                <td dir="ltr">{call.from}</td>
                <td dir="ltr">{call.to}</td>
                <td>{call.durationSeconds != null ? formatDuration(call.durationSeconds, i18n.language) : '–'}</td>
                <td>
                  <StateBadge kind="recording" state={call.recording.state} />
                </td>
                <td>
                  <StateBadge kind="transcript" state={call.transcript.state} />
                </td>
                <td>
                  <StateBadge kind="summary" state={call.summary.state} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label={t('calls.page', { page, pages })}>
        <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          {t('calls.previous')}
        </button>
        <span>{t('calls.page', { page, pages })}</span>
        <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
          {t('calls.next')}
        </button>
      </nav>
    </section>
  );
}
