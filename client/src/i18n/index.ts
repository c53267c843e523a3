import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en';
import he from './he';

export const SUPPORTED_LANGUAGES = ['en', 'he'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export const LANGUAGE_STORAGE_KEY = 'recordings.language';
const RTL_LANGUAGES: ReadonlySet<string> = new Set(['he']);

function isSupported(value: string | null | undefined): value is Language {
  return !!value && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The remembered choice first, then the browser's languages (he-IL -> he; the old "iw" code too), then English. */
export function detectLanguage(): Language {
  const stored = readStoredLanguage();
  if (isSupported(stored)) return stored;
  const browser = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  for (const tag of browser) {
    const base = tag?.toLowerCase().split('-')[0];
    if (base === 'iw') return 'he';
    if (isSupported(base)) return base;
  }
  return 'en';
}

export function isRtl(language: string): boolean {
  return RTL_LANGUAGES.has(language.split('-')[0]);
}

/** Mirrors the language on <html>: lang and dir (Hebrew is right-to-left). */
export function applyDocumentLanguage(language: string): void {
  const root = document.documentElement;
  root.lang = language;
  root.dir = isRtl(language) ? 'rtl' : 'ltr';
}

/** Switches the UI language and remembers it for the next visit. */
export async function changeLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
  await i18n.changeLanguage(language);
}

export const resources = { en: { translation: en }, he: { translation: he } } as const;

export function initI18n(language: Language = detectLanguage()) {
  if (!i18n.isInitialized) {
    i18n.on('languageChanged', applyDocumentLanguage);
    void i18n.use(initReactI18next).init({
      resources,
      lng: language,
      fallbackLng: 'en',
      supportedLngs: [...SUPPORTED_LANGUAGES],
      interpolation: { escapeValue: false },
      initAsync: false,
    });
    applyDocumentLanguage(i18n.language);
  }
  return i18n;
}

export default i18n;
