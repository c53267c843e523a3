import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ArrowStartIcon } from '../../components/icons';
import { ApiError } from '../../lib/api-client';
import { formatDateTime, parseTimestamp } from '../../lib/format';
import { useMe } from '../../features/auth';
import {
  CallAgents,
  CallMetrics,
  callQueryOptions,
  RecordingParts,
  RedactionNotice,
  Summary,
  Transcript,
  useCall,
  type CallDetail,
} from '../../features/calls';
import { AttributionEditor, type CallAttribution } from '../../features/manage/calls';
import { canManage } from '../../lib/roles';
import { AudioPlayer, type AudioPlayerHandle } from '../../features/recordings';

/** The call page composes two features: the recording player and the call's transcript and summary. */
export function CallRoute() {
  const { callSid = '' } = useParams();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const call = useCall(callSid);
  const player = useRef<AudioPlayerHandle>(null);
  const [currentSeconds, setCurrentSeconds] = useState(0);
  // The part chosen in a call with several recordings, and where to start it (a transcript line of another part).
  const [chosen, setChosen] = useState<{ recordingSid: string; startAt?: number }>();
  const startAt = parseTimestamp(params.get('t')) ?? undefined;
  const me = useMe();
  const queryClient = useQueryClient();
  // An admin corrects who took part in the call: the editor opens below the header, focus comes back to its button.
  const [editingAgents, setEditingAgents] = useState(false);
  const [agentsNotice, setAgentsNotice] = useState<string | null>(null);
  const [focusEditButton, setFocusEditButton] = useState(0);
  const editButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusEditButton > 0) editButton.current?.focus();
  }, [focusEditButton]);
  const closeEditor = (notice: string | null) => {
    setEditingAgents(false);
    setAgentsNotice(notice);
    setFocusEditButton((n) => n + 1);
  };
  const onAgentsSaved = (attribution: CallAttribution) => {
    const key = callQueryOptions(callSid).queryKey;
    queryClient.setQueryData(key, (old) => (old ? { ...old, ...attribution } : old));
    // The call is read again (the server decides what else follows), and the lists show the new names.
    void queryClient.invalidateQueries({ queryKey: ['calls'] });
    closeEditor(t('manage.attribution.saved'));
  };

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
  const parts = data.recordings ?? [];
  const several = parts.length > 1;
  // A link may name the part to play (a search hit in a call's second recording).
  const linked = parts.find((part) => part.recordingSid === params.get('recording'));
  const selectedSid = chosen?.recordingSid ?? linked?.recordingSid ?? firstPlayable(data)?.recordingSid;
  const selectedIndex = parts.findIndex((part) => part.recordingSid === selectedSid);
  const selected = selectedIndex >= 0 ? parts[selectedIndex] : undefined;
  const selectedReady = several ? selected?.state === 'ready' : data.recording.state === 'ready';
  // What was measured of the recording in the player (each part has its own; the call's are its first recording's).
  const metrics = (several ? selected?.metrics : data.metrics) ?? undefined;
  const silences = (several ? selected?.silences : data.silences) ?? undefined;
  // What was removed from the recording in the player, and what became of its original.
  const redaction = (several ? selected?.redaction : (data.recording.redaction ?? parts[0]?.redaction)) ?? null;
  const redactionSid = several ? selectedSid : parts[0]?.recordingSid;
  const redactions = (data.redactions ?? []).filter(
    (item) => redactionSid === undefined || item.recordingSid === redactionSid,
  );
  const originalAvailable = canManage(me.data?.role) && redaction?.original === 'kept';
  const choose = (recordingSid: string, at?: number) => {
    setCurrentSeconds(0);
    setChosen({ recordingSid, startAt: at });
  };
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
        <div className="call-header__agents">
          <p>
            <span className="call-header__agents-label">{t('calls.agents')}:</span> <CallAgents agents={data.agents} />
          </p>
          {canManage(me.data?.role) && !editingAgents && (
            <button
              ref={editButton}
              type="button"
              className="button button--secondary button--small"
              onClick={() => {
                setAgentsNotice(null);
                setEditingAgents(true);
              }}
            >
              {t('manage.attribution.edit')}
            </button>
          )}
          <p role="status" className={agentsNotice ? 'notice' : 'notice notice--empty'}>
            {agentsNotice}
          </p>
        </div>
        {editingAgents && (
          <AttributionEditor
            callSid={callSid}
            agents={data.agents ?? []}
            onSaved={onAgentsSaved}
            onCancel={() => closeEditor(null)}
          />
        )}
      </div>
      <div className="call-layout">
        <div className="call-layout__aside">
          {several && <RecordingParts parts={parts} selectedSid={selectedSid} onSelect={(sid) => choose(sid)} />}
          <AudioPlayer
            ref={player}
            callSid={callSid}
            recordingSid={several ? selectedSid : undefined}
            partLabel={several ? t('calls.parts.part', { index: selectedIndex + 1, count: parts.length }) : undefined}
            startAt={chosen ? chosen.startAt : startAt}
            durationHint={
              (several ? selected?.durationSeconds : data.recording.durationSeconds) ?? data.durationSeconds
            }
            known={known(data, several ? selected : undefined)}
            silences={silences}
            redactions={redactions}
            originalAvailable={originalAvailable}
            onTimeUpdate={setCurrentSeconds}
          />
          <RedactionNotice redaction={redaction} redactions={redactions} />
          {metrics && <CallMetrics metrics={metrics} />}
          <Summary summary={data.summary} recordingReady={selectedReady} expiredAt={data.transcript.expiredAt} />
        </div>
        <div className="call-layout__main">
          <Transcript
            transcript={data.transcript}
            recordingReady={selectedReady}
            currentSeconds={currentSeconds}
            parts={several ? parts : undefined}
            playingSid={several ? selectedSid : undefined}
            onSeek={(seconds, recordingSid) => {
              if (several && recordingSid && recordingSid !== selectedSid) choose(recordingSid, seconds);
              else player.current?.seek(seconds);
            }}
          />
        </div>
      </div>
    </article>
  );
}

/** The part the player starts with: the first in start order that Twilio did not report absent (as the API's `recording`). */
function firstPlayable(call: CallDetail) {
  const parts = call.recordings ?? [];
  return parts.find((part) => part.state !== 'missing') ?? parts[0];
}

/** What the page knows of the recording in the player, so that it says why it cannot play without asking in vain. */
function known(call: CallDetail, part: CallDetail['recordings'][number] | undefined) {
  const recording = part ?? call.recording;
  const recorded = (call.recordings ?? []).length > 0;
  return {
    state: recording.state,
    expiredAt: recording.expiredAt,
    absent: recording.state === 'missing' && recorded,
    error: recording.error,
    redacting: (recording.redaction ?? (part ? null : call.recordings?.[0]?.redaction))?.state === 'pending',
  };
}
