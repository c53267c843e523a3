import type { TFunction } from 'i18next';
import { ApiError } from '../../../lib/api-client';
import { problemCode, validationErrors } from '../../../lib/problem';

/** Why a save failed: one sentence for the form, and the messages that belong beside a field. */
export interface Failure {
  message: string;
  fields: Record<string, string[]>;
}

/**
 * The server's answer to a write, said in the user's language: the problem `code`s it knows as sentences (placed
 * beside their field too when they have one), a 400's `errors` beside their fields, 403 and 404 as such.
 * `fieldOf` names the form field a code belongs to (`identity_taken` -> identities).
 */
export function describeFailure(
  t: TFunction,
  error: unknown,
  knownFields: readonly string[],
  fieldOf: Record<string, string> = {},
): Failure {
  const code = problemCode(error);
  const coded: Record<string, string> = {
    last_admin: t('manage.errors.lastAdmin'),
    identity_taken: t('manage.errors.identityTaken'),
    invalid_identity: t('manage.errors.invalidIdentity'),
    email_taken: t('manage.errors.emailTaken'),
    forbidden: t('manage.errors.forbidden'),
  };
  if (code && coded[code]) {
    const field = fieldOf[code];
    return { message: coded[code], fields: field ? { [field]: [coded[code]] } : {} };
  }
  if (!(error instanceof ApiError)) return { message: t('manage.errors.generic'), fields: {} };
  if (error.status === 403) return { message: t('manage.errors.forbidden'), fields: {} };
  if (error.status === 404) return { message: t('manage.errors.notFound'), fields: {} };
  const byField = validationErrors(error);
  const fields: Record<string, string[]> = {};
  const elsewhere: string[] = [];
  for (const [field, messages] of Object.entries(byField)) {
    if (knownFields.includes(field)) fields[field] = messages;
    else elsewhere.push(...messages);
  }
  if (Object.keys(fields).length > 0)
    return { message: [t('manage.errors.validation'), ...elsewhere].join(' '), fields };
  const detail = elsewhere.join(' ') || error.problem?.detail;
  return { message: detail ? t('manage.errors.genericDetail', { detail }) : t('manage.errors.generic'), fields: {} };
}

/** A failed read that means "not for you": the role changed, or the page is an admin's. */
export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}
