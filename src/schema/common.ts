import { z } from 'zod';

/** Ids of units, levels and follow pages: lowercase ASCII words joined by `-`. */
export const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const ID_MAX_LENGTH = 80;
/**
 * A unit's id is also its page's folder, /don-vi/<id>/: these names are the site's own
 * folders there (level and branch listings, the search index, the unit-page shell).
 */
export const RESERVED_UNIT_IDS: ReadonlySet<string> = new Set(['cap', 'nhanh', 'chi-muc', 'khuon-trang-don-vi']);
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/**
 * One line of visible text: no control characters (tabs, line breaks), no invisible format
 * characters (bidi marks and overrides, zero-width spaces, soft hyphens, BOM) and no line or
 * paragraph separators. Invisible characters make look-alike names of official pages.
 */
export const PLAIN_TEXT_PATTERN = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]*$/u;
export const HTTPS_URL_PATTERN = /^https:\/\/[^\s/?#@]+(\/[^\s]*)?$/;
export const FB_ID_PATTERN = /^\d{5,20}$/;
export const GITHUB_HANDLE_PATTERN = /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9._-]{1,100})?$/;
export const AGE_RECIPIENT_PATTERN = /^age1[02-9ac-hj-np-z]{58}$/;
/**
 * A hidden group's `url_digest`, in the PHC string format: `$pbkdf2-sha256$i=<iterations>$<salt>$<hash>`,
 * salt and hash in unpadded standard base64 (hash: 32 bytes). The parameters travel with the
 * value, so a digest made with other settings is told apart rather than silently never matching.
 */
export const GROUP_DIGEST_PATTERN = /^\$pbkdf2-sha256\$i=[1-9]\d{0,8}\$[A-Za-z0-9+/]{22,86}\$[A-Za-z0-9+/]{43}$/;
/** `privacy.group_digest.salt`: 16 to 64 random bytes, unpadded standard base64. */
export const DIGEST_SALT_PATTERN = /^[A-Za-z0-9+/]{22,86}$/;

/** zod reports a failed regex by its pattern only; this names each one so messages can say what to fix. */
export const PATTERN_KINDS: Readonly<Record<string, string>> = Object.fromEntries(
  (
    [
      [ID_PATTERN, 'id'],
      [DATE_PATTERN, 'date-format'],
      [PLAIN_TEXT_PATTERN, 'plain-text'],
      [HTTPS_URL_PATTERN, 'https-url'],
      [FB_ID_PATTERN, 'fb-id'],
      [GITHUB_HANDLE_PATTERN, 'github-handle'],
      [AGE_RECIPIENT_PATTERN, 'age-recipient'],
      [GROUP_DIGEST_PATTERN, 'group-digest'],
      [DIGEST_SALT_PATTERN, 'digest-salt'],
    ] as const
  ).map(([pattern, kind]) => [String(pattern), kind]),
);

export const IdSchema = z
  .string()
  .max(ID_MAX_LENGTH)
  .regex(ID_PATTERN)
  .meta({ description: 'Mã định danh: chữ thường không dấu, chữ số, nối bằng dấu gạch ngang (ví dụ: ldld-dak-ha).' });

/** `YYYY-MM-DD` that is also a real calendar day (no 2018-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

export const DateSchema = z
  .string()
  .regex(DATE_PATTERN, { abort: true })
  .refine(isCalendarDate, { params: { kind: 'calendar-date' } })
  .meta({ description: 'Ngày theo dạng NĂM-THÁNG-NGÀY, ví dụ 2018-09-20.', format: 'date' });

/** Free text shown to people: one line, no control characters. */
export const TextSchema = z.string().trim().min(1).max(300).regex(PLAIN_TEXT_PATTERN);

export const HttpsUrlSchema = z.string().max(500).regex(HTTPS_URL_PATTERN);
