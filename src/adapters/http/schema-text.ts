type Json = Record<string, unknown>;

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * Escaped text in which the descriptions' Markdown-style `code` spans become `<code>`: the schemas are
 * described for both /openapi.json's readers and this page, and a reader should not see raw backticks.
 */
export const inlineText = (text: string): string => escapeHtml(text).replace(/`([^`\n]+)`/g, '<code>$1</code>');

export const slug = (text: string): string => text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');

export const schemaLink = (name: string): string => `<a href="#schema-${slug(name)}">${escapeHtml(name)}</a>`;

const SAFE = Number.MAX_SAFE_INTEGER;
const literal = (value: unknown): string => escapeHtml(JSON.stringify(value));

const range = (min: unknown, max: unknown, unit = ''): string | undefined => {
  const lo = typeof min === 'number' && Math.abs(min) < SAFE ? min : undefined;
  const hi = typeof max === 'number' && Math.abs(max) < SAFE ? max : undefined;
  if (lo === undefined && hi === undefined) return undefined;
  return `${unit}${lo ?? ''}..${hi ?? ''}`;
};

/** Constraints worth reading, as a trailing comment: `1..100, default 30`. */
const notes = (schema: Json): string[] =>
  [
    typeof schema.format === 'string' ? schema.format : undefined,
    range(schema.minimum, schema.maximum),
    range(schema.minLength, schema.maxLength, 'length '),
    range(schema.minItems, schema.maxItems, 'items '),
    schema.default === undefined ? undefined : `default ${JSON.stringify(schema.default)}`,
    typeof schema.description === 'string' ? schema.description : undefined,
  ].filter((note): note is string => note !== undefined);

const comment = (schema: Json): string => {
  const list = notes(schema);
  return list.length === 0 ? '' : `  <span class="c">// ${inlineText(list.join('; '))}</span>`;
};

/**
 * A JSON Schema as a TypeScript-like shape, in HTML: what a reader wants to see, with `$ref`s as links.
 * The exact schema stays available in /openapi.json.
 */
export const schemaText = (node: unknown, indent = ''): string => {
  if (node === true || node === undefined || node === null || typeof node !== 'object') return 'any';
  const schema = node as Json;
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return schemaLink(name);
  }
  if ('const' in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map(literal).join(' | ');
  const union = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(union)) return union.map((part) => schemaText(part, indent)).join(' | ');
  if (Array.isArray(schema.allOf)) return schema.allOf.map((part) => schemaText(part, indent)).join(' &amp; ');
  if (Array.isArray(schema.type)) return schema.type.map((type) => schemaText({ ...schema, type }, indent)).join(' | ');
  if (schema.type === 'array') {
    const items = schemaText(schema.items, indent);
    return /[ |]/.test(items) && !items.startsWith('{') ? `(${items})[]` : `${items}[]`;
  }
  if (schema.type === 'object' || schema.properties !== undefined) {
    const inner = `${indent}  `;
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const lines = Object.entries((schema.properties ?? {}) as Record<string, Json>).map(
      ([name, property]) => `${inner}${escapeHtml(name)}${required.has(name) ? '' : '?'}: ${schemaText(property, inner)};${comment(property)}`,
    );
    const extra = schema.additionalProperties;
    if (extra !== undefined && extra !== false) lines.push(`${inner}[key: string]: ${schemaText(extra, inner)};`);
    return lines.length === 0 ? '{}' : `{\n${lines.join('\n')}\n${indent}}`;
  }
  return typeof schema.type === 'string' ? escapeHtml(schema.type) : 'any';
};

/** `schemaText` plus the constraints of the top-level schema, for one-line cells (parameters). */
export const schemaSummary = (node: unknown): string => {
  const text = schemaText(node);
  const list = node !== null && typeof node === 'object' ? notes(node as Json).filter((n) => n !== (node as Json).description) : [];
  return list.length === 0 ? text : `${text}, ${inlineText(list.join(', '))}`;
};
