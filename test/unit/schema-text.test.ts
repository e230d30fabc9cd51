import { describe, expect, test } from 'vitest';
import { inlineText, schemaText } from '../../src/adapters/http/schema-text.ts';

describe('inline code in descriptions', () => {
  test('backtick spans become <code>, after escaping, so a description cannot inject markup', () => {
    expect(inlineText('the `nextCursor` of <b>the</b> previous page')).toBe('the <code>nextCursor</code> of &lt;b&gt;the&lt;/b&gt; previous page');
    expect(inlineText('`<script>`')).toBe('<code>&lt;script&gt;</code>');
    expect(inlineText('a lone ` stays')).toBe('a lone ` stays');
  });

  test('descriptions in schema comments render their code spans too', () => {
    expect(schemaText({ type: 'object', properties: { redirect: { type: 'string', description: '`1`: answer 302' } } })).toContain(
      '// <code>1</code>: answer 302',
    );
  });
});
