import { useEffect, useRef, type RefObject } from 'react';
import type { Silence } from '../../../lib/insight';

/** Playback resumes this long before the silence ends, so the next words are not clipped. */
export const SKIP_LEAD_SECONDS = 0.25;

/** Whether the listener chose to skip silences is remembered in this browser. */
const STORAGE_KEY = 'recordings.player.skipSilences';

export function loadSkipSilences(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'true';
  } catch {
    return false;
  }
}

export function saveSkipSilences(on: boolean) {
  try {
    window.localStorage.setItem(STORAGE_KEY, String(on));
  } catch {
    // Private mode or storage refused: the choice lasts for this page only.
  }
}

/** Where to jump from `time`: the end of the silence it falls in (less the lead), or null when it is not in one. */
export function silenceEndAt(time: number, silences: Silence[]): number | null {
  for (const silence of silences) {
    const resume = silence.endSeconds - SKIP_LEAD_SECONDS;
    if (time >= silence.startSeconds && time < resume) return resume;
  }
  return null;
}

/**
 * While playing with `enabled`, each time update that lands in a silence jumps to its end. A listener chosen by the
 * agent on the element itself: no timer, no request. A paused player never jumps (seeking into a silence by hand
 * stays where it was put until Play).
 */
export function useSkipSilences(audioRef: RefObject<HTMLAudioElement | null>, silences: Silence[], enabled: boolean) {
  const latest = useRef({ silences, enabled });
  useEffect(() => {
    latest.current = { silences, enabled };
  });

  useEffect(() => {
    const audio = audioRef.current;
    if (!audio) return;
    const onTime = () => {
      if (!latest.current.enabled || audio.paused) return;
      const resume = silenceEndAt(audio.currentTime, latest.current.silences);
      if (resume !== null) audio.currentTime = resume;
    };
    audio.addEventListener('timeupdate', onTime);
    audio.addEventListener('play', onTime);
    return () => {
      audio.removeEventListener('timeupdate', onTime);
      audio.removeEventListener('play', onTime);
    };
  }, [audioRef]);
}
