const en = {
  app: {
    title: 'Call recordings',
    language: 'Language',
    signOut: 'Sign out',
  },
  player: {
    region: 'Recording player',
    checking: 'Checking the recording…',
    preparing: 'Preparing recording…',
    preparingProgress: 'Downloaded {{percent}}',
    preparingBytes: 'Downloaded {{bytes}}',
    elapsed: 'Waiting for {{time}}',
    missing: 'This call has no recording.',
    failed: 'The recording could not be downloaded.',
    failedDetail: 'Details: {{detail}}',
    serverError: 'The server could not get the recording ready.',
    gaveUp: 'The recording is taking too long to prepare. Please try again in a moment.',
    networkRetrying: 'Connection problem, trying again (attempt {{attempt}} of {{max}})…',
    networkError: 'Cannot reach the server. Check your connection and try again.',
    unauthorized: 'Your session has ended. Please sign in again.',
    tryAgain: 'Try again',
    play: 'Play',
    pause: 'Pause',
    seek: 'Seek',
    seekValue: '{{current}} of {{total}}',
    back10: 'Back 10 seconds',
    forward10: 'Forward 10 seconds',
    speed: 'Playback speed',
    speedOption: '{{rate}}×',
    download: 'Download recording',
    currentTime: 'Current time',
    totalTime: 'Total time',
    shortcuts: 'Keyboard: Space or K play/pause, J or ← back 10 s, L or → forward 10 s',
  },
  languages: {
    en: 'English',
    he: 'עברית',
  },
} as const;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type Translation = Strings<typeof en>;

export default en;
