/**
 * What the server measured of a recording, in the words every feature shares: who speaks (a dual-channel recording's
 * channel 1 is the customer, channel 2 the agent) and where nobody does. The calls feature reads them in a call's
 * transcript and metrics, the recordings feature draws them on the waveform and skips the silences.
 */

/** Who spoke, on a dual-channel recording (a mono recording's segments and lanes say null instead). */
export type Speaker = 'agent' | 'customer';

/** A stretch of at least 2 s where nobody speaks, in seconds from the start of the recording. */
export interface Silence {
  startSeconds: number;
  endSeconds: number;
}
