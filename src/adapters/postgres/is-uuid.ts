const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that cannot be UUIDs cannot name a row; asking Postgres would only raise a cast error. */
export const isUuid = (value: string): boolean => UUID.test(value);
