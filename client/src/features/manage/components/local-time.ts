/** A datetime-local value (the user's local time) as an ISO 8601 instant; empty or not a time -> undefined. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
