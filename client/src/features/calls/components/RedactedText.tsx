import { useTranslation } from 'react-i18next';
import { splitPlaceholders, type RedactionEntity } from '../../../lib/redaction';

/**
 * Transcript text with its placeholders (`[card]`, `[cvv]`, ...) shown as chips in the page's language: "[card
 * number]", "[מספר כרטיס]". Each chip is named for screen readers ("Redacted: card number") and says so on hover.
 */
export function RedactedText({ text }: { text: string }) {
  const pieces = splitPlaceholders(text);
  return (
    <>
      {pieces.map((piece, index) =>
        'entity' in piece ? <RedactionChip key={index} entity={piece.entity} /> : piece.text,
      )}
    </>
  );
}

export function RedactionChip({ entity }: { entity: RedactionEntity }) {
  const { t, i18n } = useTranslation();
  const name = t(`redaction.entity.${entity}`);
  const label = t('redaction.chipLabel', { name });
  return (
    // In the page's language (the transcript is in the call's), read as one thing: what was removed.
    <span
      role="img"
      className={`redaction-chip redaction-chip--${entity}`}
      aria-label={label}
      title={label}
      lang={i18n.language}
      dir={i18n.dir(i18n.language)}
    >
      {t('redaction.chip', { name })}
    </span>
  );
}
