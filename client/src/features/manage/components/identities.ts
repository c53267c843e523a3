/** The identities typed in a text area: one a line (commas too), trimmed, without blanks or repeats. */
export function parseIdentities(text: string): string[] {
  const values = text
    .split(/[\n,]/)
    .map((value) => value.trim())
    .filter(Boolean);
  return [...new Set(values)];
}

/** `client:<name>` (Twilio Voice SDK), an E.164 number (`+972501234567`) or a `sip:` URI. */
export function isIdentity(value: string): boolean {
  return /^client:\S+$/.test(value) || /^\+[1-9]\d{6,14}$/.test(value) || /^sips?:\S+$/i.test(value);
}
