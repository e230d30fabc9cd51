/** A UUID as this service writes it: lower case, hyphenated (ids are made by `crypto.randomUUID`). */
export const UUID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const CANONICAL = new RegExp(`^${UUID_PATTERN}$`);
const ANY_CASE = new RegExp(`^${UUID_PATTERN}$`, 'i');

/** Exactly as we write ids: the only form that may appear in object keys and cursors. */
export const isCanonicalUuid = (value: string): boolean => CANONICAL.test(value);

/**
 * Any spelling PostgreSQL reads as a UUID (it accepts upper case). Ids that fail this cannot name a row,
 * so lookups answer "not found" without asking the database (which would raise a cast error).
 */
export const isUuid = (value: string): boolean => ANY_CASE.test(value);
