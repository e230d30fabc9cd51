import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, test } from 'vitest';
import { streamUploadMeters } from '../../../src/adapters/media/upload-meter.ts';

const tooLarge = () => Object.assign(new Error('too large'), { code: 'PAYLOAD_TOO_LARGE' });
const chunks = (...sizes: number[]) => Readable.from(sizes.map((n, i) => Buffer.alloc(n, i + 1)));

describe('the stream upload meter', () => {
  test('holds the head back until opened, then hands both branches every byte, counted and hashed', async () => {
    const source = chunks(3000, 3000, 10);
    const meter = streamUploadMeters.meter(source, { headBytes: 4100, maxBytes: 10_000, tooLarge });
    const head = await meter.head;
    expect(head.length).toBe(6000);
    const [a, b] = meter.branches();
    meter.open();
    const [left, right] = await Promise.all([buffer(a), buffer(b)]);
    expect(left.length).toBe(6010);
    expect(right.equals(left)).toBe(true);
    expect(meter.byteCount).toBe(6010);
    expect(meter.sha256()).toBe(createHash('sha256').update(left).digest('hex'));
    expect(meter.error).toBeNull();
  });

  test('fails with the given error the moment the bytes pass the limit', async () => {
    const meter = streamUploadMeters.meter(chunks(100, 100), { headBytes: 10, maxBytes: 150, tooLarge });
    await meter.head;
    const [a, b] = meter.branches();
    meter.open();
    await expect(Promise.all([buffer(a), buffer(b)])).rejects.toThrow('too large');
    expect(meter.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  test("a source that fails before its head arrives rejects the head with the source's error", async () => {
    const source = new Readable({ read() {} });
    const meter = streamUploadMeters.meter(source, { headBytes: 4100, maxBytes: 10_000, tooLarge });
    source.destroy(new Error('connection reset'));
    await expect(meter.head).rejects.toThrow('connection reset');
  });
});
