import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ArrowStartIcon } from '../../components/icons';
import { ApiError } from '../../lib/api-client';
import { formatDateTime, parseTimestamp } from '../../lib/format';
import { Summary, Transcript, useCall } from '../../features/calls';
import { AudioPlayer, type AudioPlayerHandle } from '../../features/recordings';

/** The call page composes two features: the recording player and the call's transcript and summary. */
export function CallRoute() {
  const { callSid = '' } = useParams();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const call = useCall(callSid);
  const player = useRef<AudioPlayerHandle>(null);
  const [currentSeconds, setCurrentSeconds] = useState(0);
  const startAt = parseTimestamp(params.get('t')) ?? undefined;

  if (call.isPending)
    return (
      <p role="status" className="page-message">
        {t('calls.loading')}
      </p>
    );
  if (call.isError) {
    const notFound = call.error instanceof ApiError && (call.error.status === 404 || call.error.status === 400);
    return (
      <p role="alert" className="alert alert--error">
        {notFound ? t('calls.notFound') : t('calls.error')}
      </p>
    );
  }
  const data = call.data;
  return (
    <article className="call-page">
      <div className="call-header">
        <p className="call-header__back">
          <Link className="back-link" to="/calls">
            <ArrowStartIcon className="icon--flip-rtl" />
            {t('calls.back')}
          </Link>
        </p>
        <h1 className="call-header__title">
          <span className="phone" dir="ltr">
            {data.from}
          </span>{' '}
          <span className="call-header__arrow">→</span>{' '}
          <span className="phone" dir="ltr">
            {data.to}
          </span>
        </h1>
        {data.startedAt && <p className="call-header__meta">{formatDateTime(data.startedAt, i18n.language)}</p>}
      </div>
      <div className="call-layout">
        <div className="call-layout__aside">
          <AudioPlayer
            ref={player}
            callSid={callSid}
            startAt={startAt}
            durationHint={data.recording.durationSeconds ?? data.durationSeconds}
            onTimeUpdate={setCurrentSeconds}
          />
          <Summary summary={data.summary} recordingReady={data.recording.state === 'ready'} />
        </div>
        <div className="call-layout__main">
          <Transcript
            transcript={data.transcript}
            recordingReady={data.recording.state === 'ready'}
            currentSeconds={currentSeconds}
            onSeek={(seconds) => player.current?.seek(seconds)}
          />
        </div>
      </div>
    </article>
  );
}
