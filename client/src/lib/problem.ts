import { ApiError } from './api-client';

/** The problem document's stable `code` of a failed request, if it has one. */
export function problemCode(error: unknown): string | undefined {
  return error instanceof ApiError ? error.problem?.code : undefined;
}

/**
 * A validation problem's `errors` by field, the keys in the client's camelCase and without an index: `Identities[1]`,
 * `identities[1]` and `$.identities` all become `identities`. Empty for any other error.
 */
export function validationErrors(error: unknown): Record<string, string[]> {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  const errors = error.problem?.errors;
  if (!errors || typeof errors !== 'object') return {};
  const result: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(errors)) {
    const root = key.replace(/^\$\.?/, '').split(/[.[]/)[0] ?? '';
    const field = root.charAt(0).toLowerCase() + root.slice(1);
    const messages = (Array.isArray(value) ? value : [value]).filter((m): m is string => typeof m === 'string');
    result[field] = [...(result[field] ?? []), ...messages];
  }
  return result;
}
