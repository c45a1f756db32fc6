import { expect, it } from 'vitest';
import { createEventIdGenerator, eventIdTime } from './event-id.ts';

it('writes the millisecond time in the first 48 bits of a lowercase hyphenated UUID', () => {
  const next = createEventIdGenerator();
  const id = next(0x018f33e27a3b);
  expect(id).toMatch(/^018f33e2-7a3b-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(eventIdTime(id)).toBe(0x018f33e27a3b);
});

it('is strictly increasing, within one millisecond and across a clock step back', () => {
  const next = createEventIdGenerator();
  const ids = [next(1000), next(1000), next(1000), next(999), next(1001), next(5000)];
  expect([...ids].sort()).toEqual(ids);
  expect(new Set(ids).size).toBe(ids.length);
});
