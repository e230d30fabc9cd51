/**
 * `UPDATE table SET updated_at = $2, col = $n ... WHERE id = $1 RETURNING ...` for the fields of a patch
 * that are present (undefined: leave as is; null: clear). Column names come from the caller's fixed map,
 * never from the patch, so nothing a client sends reaches the SQL text.
 */
export const updateStatement = <P extends object>(
  table: string,
  columns: { [K in keyof P]-?: string },
  returning: string,
  id: string,
  patch: P,
  at: Date,
): { text: string; values: unknown[] } => {
  const values: unknown[] = [id, at];
  const sets = ['updated_at = $2'];
  for (const field of Object.keys(columns) as Array<keyof P>) {
    const value = patch[field];
    if (value !== undefined) sets.push(`${columns[field]} = $${values.push(value)}`);
  }
  return { text: `UPDATE ${table} SET ${sets.join(', ')} WHERE id = $1 RETURNING ${returning}`, values };
};
