import { useTranslation } from 'react-i18next';
import { GlobeIcon } from './icons';
import { changeLanguage, SUPPORTED_LANGUAGES, type Language } from '../i18n';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-switcher">
      <GlobeIcon className="language-switcher__icon" />
      <span className="language-switcher__label">{t('app.language')}</span>{' '}
      <select
        className="select select--compact"
        value={i18n.language}
        onChange={(e) => void changeLanguage(e.target.value as Language)}
      >
        {SUPPORTED_LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`languages.${language}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
