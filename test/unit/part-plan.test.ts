import { describe, expect, test } from 'vitest';
import { partBounds, planParts } from '../../src/application/use-cases/music/direct-upload/part-plan.ts';
import { MULTIPART_LIMITS } from '../../src/domain/multipart-limits.ts';

const { maxParts: MAX_PARTS, minPartBytes: MIN_PART_BYTES } = MULTIPART_LIMITS;

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('planParts', () => {
  test.each([
    [1, 5 * MiB, 1],
    [5 * MiB, 5 * MiB, 1],
    [5 * MiB + 1, 5 * MiB, 2],
    [12 * MiB + 300_000, 5 * MiB, 3],
    [5 * GiB, 5 * MiB, 1024],
    [MAX_PARTS * 5 * MiB, 5 * MiB, MAX_PARTS],
    [MAX_PARTS * 5 * MiB + 1, 6 * MiB, Math.ceil((MAX_PARTS * 5 * MiB + 1) / (6 * MiB))],
    [100 * GiB, 11 * MiB, Math.ceil((100 * GiB) / (11 * MiB))],
  ])('%i bytes -> parts of %i bytes, %i parts', (byteSize, partSize, partCount) => {
    expect(planParts(byteSize)).toEqual({ partSize, partCount });
  });

  test('every plan keeps S3 rules: parts of at least 5 MiB in whole MiBs, at most 10,000, covering every byte', () => {
    for (let byteSize = 1; byteSize < 2 ** 45; byteSize = Math.ceil(byteSize * 1.37) + 7) {
      const { partSize, partCount } = planParts(byteSize);
      expect(partSize).toBeGreaterThanOrEqual(MIN_PART_BYTES);
      expect(partSize % MiB).toBe(0);
      expect(partCount).toBeLessThanOrEqual(MAX_PARTS);
      expect((partCount - 1) * partSize).toBeLessThan(byteSize);
      expect(partCount * partSize).toBeGreaterThanOrEqual(byteSize);
    }
  });

  test('part numbers Uppy picks by itself (max(5 MiB, size / 10,000)) never exceed the plan up to 48 GiB', () => {
    for (const byteSize of [6 * MiB, 700 * MiB, 5 * GiB, 48 * GiB]) {
      const uppyChunk = Math.max(5 * MiB, Math.ceil(byteSize / MAX_PARTS));
      expect(Math.ceil(byteSize / uppyChunk)).toBeLessThanOrEqual(planParts(byteSize).partCount);
    }
  });

  test('sizes that are not positive safe integers are refused', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2]) {
      expect(() => planParts(bad), String(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
  });

  test('a file beyond 10,000 parts of 5 GiB cannot be planned', () => {
    expect(() => planParts(MAX_PARTS * 5 * GiB + 1)).toThrow(expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }));
  });
});

describe('partBounds', () => {
  test('parts tile the file: all full-size but the last', () => {
    const byteSize = 12 * MiB + 5;
    const plan = planParts(byteSize);
    const bounds = Array.from({ length: plan.partCount }, (_, i) => partBounds(plan, byteSize, i + 1));
    expect(bounds).toEqual([
      { start: 0, end: 5 * MiB },
      { start: 5 * MiB, end: 10 * MiB },
      { start: 10 * MiB, end: byteSize },
    ]);
  });
});
