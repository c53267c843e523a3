import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../../lib/format';

interface PlayerTimelineProps {
  ready: boolean;
  currentTime: number;
  duration: number;
  onSeek: (seconds: number) => void;
}

/** The elapsed and total times around the seek slider (a range input: keyboard and screen readers work as usual). */
export function PlayerTimeline({ ready, currentTime, duration, onSeek }: PlayerTimelineProps) {
  const { t, i18n } = useTranslation();
  const current = formatDuration(currentTime, i18n.language);
  const total = formatDuration(duration, i18n.language);
  const played = duration > 0 ? Math.min(1, Math.max(0, currentTime / duration)) : 0;
  return (
    <div className="audio-player__timeline">
      <span className="audio-player__time" aria-label={t('player.currentTime')}>
        {current}
      </span>
      <input
        type="range"
        className="audio-player__seek"
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
      <span className="audio-player__time" aria-label={t('player.totalTime')}>
        {total}
      </span>
    </div>
  );
}
