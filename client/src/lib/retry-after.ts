/**
 * The one reader of `Retry-After` in the client (RFC 9110, section 10.2.3): how many seconds to wait before asking
 * again. Every caller (the player's status reads, the waveform, the end-to-end specs' budgets) goes through it, so
 * they all agree on what a missing, odd or hostile value means.
 */

/** Used when the header is absent or cannot be read: the server's own default (`Recordings:RetryAfterSeconds`). */
export const DEFAULT_RETRY_AFTER_SECONDS = 2;
/** Never sooner than this, so that `Retry-After: 0` (or a date in the past) cannot make a tight loop of requests. */
export const MIN_RETRY_AFTER_SECONDS = 1;
/** Never later than this: a player waits for a person, and a hostile or mistaken date must not park it for hours. */
export const MAX_RETRY_AFTER_SECONDS = 30;

const clamp = (seconds: number) => Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(MIN_RETRY_AFTER_SECONDS, seconds));

/**
 * Seconds to wait, from a `Retry-After` value: delay-seconds (`"2"`) or an HTTP-date
 * (`"Tue, 24 Nov 2026 15:00:05 GMT"`, read against `now`). Anything else (absent, empty, negative, fractional, a
 * word, an unparseable date) gives {@link DEFAULT_RETRY_AFTER_SECONDS}; the result is always within
 * {@link MIN_RETRY_AFTER_SECONDS}..{@link MAX_RETRY_AFTER_SECONDS} whole seconds.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number {
  const text = value?.trim();
  if (!text) return DEFAULT_RETRY_AFTER_SECONDS;
  if (/^\d+$/.test(text)) return clamp(Number(text));
  // IMF-fixdate ("Tue, 24 Nov 2026 15:00:05 GMT") and the obsolete RFC 850 form both name a weekday and GMT.
  if (/^[A-Za-z]{3,9}, .+ GMT$/.test(text)) {
    const date = Date.parse(text);
    if (Number.isFinite(date)) return clamp(Math.ceil((date - now) / 1000));
  }
  return DEFAULT_RETRY_AFTER_SECONDS;
}
