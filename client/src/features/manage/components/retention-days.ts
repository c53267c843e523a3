export const MAX_RETENTION_DAYS = 3650;

/** "" -> null (for ever); a whole number of days from 1 to 3650 -> the number; anything else -> undefined. */
export function parseDays(text: string): number | null | undefined {
  const value = text.trim();
  if (!value) return null;
  if (!/^\d+$/.test(value)) return undefined;
  const days = Number(value);
  return days >= 1 && days <= MAX_RETENTION_DAYS ? days : undefined;
}
