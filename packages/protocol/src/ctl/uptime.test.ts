import { expect, it } from 'vitest';
import { uptimeHuman } from './uptime.ts';

it('formats whole seconds like humantime::format_duration', () => {
  expect(uptimeHuman(0)).toBe('0s');
  expect(uptimeHuman(59)).toBe('59s');
  expect(uptimeHuman(60)).toBe('1m');
  expect(uptimeHuman(3723)).toBe('1h 2m 3s');
  expect(uptimeHuman(86_400)).toBe('1day');
  expect(uptimeHuman(2 * 86_400 + 3 * 3600 + 4 * 60 + 5)).toBe('2days 3h 4m 5s');
  expect(uptimeHuman(2_630_016)).toBe('1month');
  expect(uptimeHuman(31_557_600 + 2_630_016 + 86_400 + 1)).toBe('1year 1month 1day 1s');
  expect(uptimeHuman(2 * 31_557_600)).toBe('2years');
  expect(uptimeHuman(12.9)).toBe('12s');
});
