/** The identities typed in a text area: one a line (commas too), trimmed, without blanks or repeats. */
export function parseIdentities(text: string): string[] {
  const values = text
    .split(/[\n,]/)
    .map((value) => value.trim())
    .filter(Boolean);
  return [...new Set(values)];
}

/**
 * `client:<name>` (Twilio Voice SDK: letters, digits and _ . @ -), an E.164 number (`+972501234567`) or a
 * `sip:user@host` URI (parameters after `;` allowed), as the server's AccountIdentity reads them.
 */
export function isIdentity(value: string): boolean {
  if (/^\+[1-9]\d{1,14}$/.test(value)) return true;
  if (/^client:/i.test(value)) return /^[A-Za-z0-9_.@-]{1,121}$/.test(value.slice(7));
  if (/^sip:/i.test(value))
    return /^[^@\s:;]{1,64}@[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/.test(value.slice(4).split(';')[0]);
  return false;
}
