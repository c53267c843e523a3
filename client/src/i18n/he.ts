import type { Translation } from './en';

const he: Translation = {
  app: {
    title: 'הקלטות שיחות',
    language: 'שפה',
    signOut: 'התנתקות',
  },
  player: {
    region: 'נגן הקלטה',
    checking: 'בודק את ההקלטה…',
    preparing: 'מכין את ההקלטה…',
    preparingProgress: 'הורדו {{percent}}',
    preparingBytes: 'הורדו {{bytes}}',
    elapsed: 'ממתין {{time}}',
    missing: 'לשיחה זו אין הקלטה.',
    failed: 'לא ניתן היה להוריד את ההקלטה.',
    failedDetail: 'פרטים: {{detail}}',
    serverError: 'השרת לא הצליח להכין את ההקלטה.',
    gaveUp: 'הכנת ההקלטה נמשכת זמן רב מדי. נסו שוב בעוד רגע.',
    networkRetrying: 'בעיית חיבור, מנסה שוב (ניסיון {{attempt}} מתוך {{max}})…',
    networkError: 'אין חיבור לשרת. בדקו את החיבור ונסו שוב.',
    unauthorized: 'פג תוקף ההתחברות. יש להתחבר מחדש.',
    tryAgain: 'נסו שוב',
    play: 'ניגון',
    pause: 'השהיה',
    seek: 'מיקום בהקלטה',
    seekValue: '{{current}} מתוך {{total}}',
    back10: 'אחורה 10 שניות',
    forward10: 'קדימה 10 שניות',
    speed: 'מהירות ניגון',
    speedOption: '{{rate}}×',
    download: 'הורדת ההקלטה',
    currentTime: 'זמן נוכחי',
    totalTime: 'משך כולל',
    shortcuts: 'מקלדת: רווח או K ניגון/השהיה, J או ← אחורה 10 שניות, L או → קדימה 10 שניות',
  },
  languages: {
    en: 'English',
    he: 'עברית',
  },
};

export default he;
