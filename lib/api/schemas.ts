import { z } from 'zod';

// Building blocks for validating outside input so that what passes validation is also what
// PostgreSQL will store: a value the database would refuse must be refused here, with a reason,
// rather than fail a whole statement later.

/** A lone UTF-16 surrogate: JSON allows it, PostgreSQL's text and jsonb do not. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** C0 and C1 control characters and DEL (NUL among them, which PostgreSQL text cannot hold). */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * Bidirectional overrides and marks, invisible characters (zero-width, soft hyphen, fillers, tag
 * characters) and the Unicode line and paragraph separators: they make text read other than it
 * is (a phone number after them shown reversed, a hidden word, a name on two lines).
 */
const INVISIBLE = /[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0]|\udb40[\udc00-\udc7f]/;

/** C0 controls other than tab, line feed and carriage return, DEL and C1 controls. */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * The one rule for free text (narratives, notes, reasons, descriptions): well-formed Unicode
 * PostgreSQL can store, line breaks and tabs allowed, but no other control characters and no
 * bidirectional overrides or invisible characters — in a report as in a name they make text read
 * other than it is.
 */
export function storableText(max: number) {
  return z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters')
    .refine((s) => !CONTROL_IN_TEXT.test(s), 'contains control characters')
    .refine((s) => !INVISIBLE.test(s), 'contains invisible or direction-changing characters')
    .refine((s) => !LONE_SURROGATE.test(s), 'must be well-formed Unicode (no lone surrogates)');
}

/** A short identifier or name: storable, non-empty, on one line without control characters. */
export function identifierText(max: number) {
  return storableText(max)
    .min(1)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters');
}

/** A name or label as people type it: trimmed, non-empty, storable, on one line, read as it is written. */
export function nameText(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters')
    .refine((s) => !INVISIBLE.test(s), 'contains invisible or direction-changing characters')
    .refine((s) => !LONE_SURROGATE.test(s), 'must be well-formed Unicode (no lone surrogates)');
}

/** Text people type into a form (names, notes, addresses): the free-text rule, trimmed. */
export function plainText(max: number) {
  return z.string().trim().pipe(storableText(max));
}

/**
 * An account name: ASCII letters, digits, dot, dash and underscore. Sign-in reads names by the
 * same rule, so a look-alike (İ, which PostgreSQL lower-cases to i under a UTF-8 locale and
 * JavaScript does not) can never be a second name for one account.
 */
export const USERNAME_PATTERN = /^[a-zA-Z0-9._-]+$/;

/** A UUID in any letter case, normalised to lower case (as PostgreSQL prints it). */
export const uuidSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a UUID')
  .transform((s) => s.toLowerCase());

/**
 * A PostgreSQL `real` keeps about 7 significant digits and refuses values that underflow to 0
 * (1e-50): fractions are rounded to 6 decimals, which keeps every value a device can mean.
 */
export function realFraction() {
  return z
    .number()
    .finite()
    .min(0)
    .max(1)
    .transform((v) => Math.round(v * 1e6) / 1e6);
}
