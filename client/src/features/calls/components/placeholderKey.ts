/**
 * The placeholder of a transcript or summary that is not done. A queued one whose recording is not downloaded yet
 * (still at Twilio, downloading, or failed) waits for the recording, not for a transcriber: it says so.
 */
export function placeholderKey<State extends string>(
  state: State,
  recordingReady: boolean,
): State | 'waitingForRecording' {
  return state === 'queued' && !recordingReady ? 'waitingForRecording' : state;
}
