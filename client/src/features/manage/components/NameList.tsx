import { useTranslation } from 'react-i18next';

/** Names one a line, or "None" (said, not left blank). */
export function NameList({ names, ltr = false }: { names: string[]; ltr?: boolean }) {
  const { t } = useTranslation();
  if (names.length === 0) return <span className="data-table__none">{t('manage.none')}</span>;
  return (
    <ul className="name-list">
      {names.map((name) => (
        <li key={name}>
          {/* Isolated: a Hebrew name in English (or a number in Hebrew) keeps its own direction and the cell's alignment. */}
          {ltr ? <span dir="ltr">{name}</span> : <bdi>{name}</bdi>}
        </li>
      ))}
    </ul>
  );
}
