import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { OpenApiRegistry, toExpressPath } from '../../src/adapters/http/openapi.ts';

const Tag = z.object({ name: z.string().min(1) }).meta({ id: 'Tag' });
const Item = z.object({ id: z.uuid(), tags: z.array(Tag), note: z.string().nullable() }).meta({ id: 'Item' });

describe('OpenApiRegistry', () => {
  test('named schemas become components and every $ref points at them', () => {
    const registry = new OpenApiRegistry({ title: 't', version: '1' });
    registry.register({
      method: 'post',
      path: '/v1/items/{id}',
      security: 'admin',
      summary: 'Update',
      request: { params: z.object({ id: z.uuid().describe('The item') }), body: z.object({ tags: z.array(Tag) }) },
      responses: { 200: { description: 'The item', schema: Item }, 204: { description: 'Nothing' } },
    });
    const doc = registry.document() as any;
    expect(Object.keys(doc.components.schemas).sort()).toEqual(expect.arrayContaining(['Item', 'Problem', 'Tag']));
    const text = JSON.stringify(doc);
    expect(text).not.toContain('#/$defs/');
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas[name as string]).toBeDefined();
    const op = doc.paths['/v1/items/{id}'].post;
    expect(op.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Item' });
    expect(op.responses['204']).toEqual({ description: 'Nothing' });
    expect(op.parameters).toEqual([{ name: 'id', in: 'path', required: true, description: 'The item', schema: expect.objectContaining({ format: 'uuid' }) }]);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '413', '415', '429', 'default']));
  });

  test('re-registering a route replaces it and the cached document is rebuilt', () => {
    const registry = new OpenApiRegistry();
    const spec = { method: 'get', path: '/x', security: 'none', summary: 'first', responses: { 200: { description: 'ok' } } } as const;
    registry.register(spec);
    expect((registry.document() as any).paths['/x'].get.summary).toBe('first');
    registry.register({ ...spec, summary: 'second' });
    expect(registry.routes()).toHaveLength(1);
    expect((registry.document() as any).paths['/x'].get.summary).toBe('second');
  });

  test('toExpressPath turns {param} into :param', () => {
    expect(toExpressPath('/v1/music-sets/{id}/tracks/{trackId}')).toBe('/v1/music-sets/:id/tracks/:trackId');
  });
});
