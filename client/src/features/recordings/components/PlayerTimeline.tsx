import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../../lib/format';
import type { Silence } from '../../../lib/insight';
import type { Stretch } from '../../../lib/redaction';
import type { PeaksLane } from '../api/get-recording-peaks';
import { Waveform } from './Waveform';

interface PlayerTimelineProps {
  ready: boolean;
  currentTime: number;
  duration: number;
  onSeek: (seconds: number) => void;
  /** The recording's waveform, once measured: it becomes the seek bar. */
  lanes?: PeaksLane[];
  silences?: Silence[];
  redactions?: Stretch[];
}

/**
 * The elapsed and total times around the seek slider (a range input: keyboard and screen readers work as usual).
 * With a waveform, the slider lies over it, transparent but for its playhead, so clicking or dragging anywhere on the
 * waveform seeks there and the control keeps its slider role and spoken time.
 */
export function PlayerTimeline({
  ready,
  currentTime,
  duration,
  onSeek,
  lanes,
  silences = [],
  redactions,
}: PlayerTimelineProps) {
  const { t, i18n } = useTranslation();
  const current = formatDuration(currentTime, i18n.language);
  const total = formatDuration(duration, i18n.language);
  const played = duration > 0 ? Math.min(1, Math.max(0, currentTime / duration)) : 0;
  const waveform = ready && lanes && lanes.length > 0;
  const slider = (
    <input
      type="range"
      className={waveform ? 'audio-player__seek waveform-seek__input' : 'audio-player__seek'}
      style={{ '--played': `${(played * 100).toFixed(2)}%` } as CSSProperties}
      aria-label={t('player.seek')}
      aria-valuetext={t('player.seekValue', { current, total })}
      min={0}
      max={duration > 0 ? duration : 0}
      step="any"
      value={Math.min(currentTime, duration > 0 ? duration : currentTime)}
      disabled={!ready}
      onChange={(event) => onSeek(Number(event.currentTarget.value))}
    />
  );
  return (
    <div className={waveform ? 'audio-player__timeline audio-player__timeline--waveform' : 'audio-player__timeline'}>
      <span className="audio-player__time" aria-label={t('player.currentTime')}>
        {current}
      </span>
      {waveform ? (
        <div className="waveform-seek" data-lanes={lanes.length}>
          <Waveform lanes={lanes} duration={duration} played={played} silences={silences} redactions={redactions} />
          {slider}
        </div>
      ) : (
        slider
      )}
      <span className="audio-player__time" aria-label={t('player.totalTime')}>
        {total}
      </span>
    </div>
  );
}
